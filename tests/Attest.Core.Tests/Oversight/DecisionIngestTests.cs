using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>Logging decisions: routes, reasons, ungoverned decisions, idempotency, batches sealed in the ledger, and refusals that write nothing.</summary>
public sealed class DecisionIngestTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync() => _s = await OversightScenario.CreateAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_policy_in_force_a_decision_is_recorded_and_sent_to_a_person()
    {
        var result = await _s.LogOneAsync(OversightScenario.Decision("cv-1"));
        result.Id.ShouldStartWith("dec_");
        result.Route.ShouldBe(DecisionRoute.HumanReview);
        result.Reasons.ShouldBe(["no_policy_in_force"]);
        result.PolicyVersion.ShouldBeNull();
        result.Ungoverned.ShouldBeTrue("version 1.0 has no approval in force");
        result.QueueItem.ShouldStartWith("rvi_");
        result.DueAt!.Value.ShouldBe(_s.Db.Clock.GetUtcNow().AddDays(1), TimeSpan.FromMilliseconds(1));
        result.Duplicate.ShouldBeFalse();
    }

    [Fact]
    public async Task A_policy_routes_each_decision_with_every_fired_rule_as_a_reason()
    {
        var version = await _s.PolicyInForceAsync();
        await _s.ApproveVersionOneAsync();
        var response = (await _s.LogAsync(OversightScenario.Batch(
            OversightScenario.Decision("a", "shortlist", 0.95, occurredAt: "2026-03-01T09:05:00Z"),
            OversightScenario.Decision("b", "reject", 0.6, occurredAt: "2026-03-01T09:05:00Z"),
            OversightScenario.Decision("c", "shortlist", 0.9, version: "cv-ranker@2.0", occurredAt: "2026-03-01T09:05:00Z")))).Value!;
        response.IsBatch.ShouldBeTrue();
        response.Batch.Accepted.ShouldBe(3);
        var (a, b, c) = (response.Batch.Results[0], response.Batch.Results[1], response.Batch.Results[2]);
        (a.Route, a.Ungoverned, a.QueueItem).ShouldBe((DecisionRoute.Auto, false, null));
        a.PolicyVersion.ShouldBe(version);
        b.Route.ShouldBe(DecisionRoute.HumanReview);
        b.Reasons.ShouldBe(["low-confidence", "rejections"]);
        b.DueAt!.Value.ShouldBe(_s.Db.Clock.GetUtcNow().AddHours(4), TimeSpan.FromMilliseconds(1));
        c.Ungoverned.ShouldBeTrue("2.0 was never assessed against the approval of 1.0");
        c.Reasons.ShouldBe(["ungoverned"]);
    }

    [Fact]
    public async Task Ungoverned_is_judged_when_the_decision_occurred_not_when_it_is_logged()
    {
        await _s.PolicyInForceAsync();
        await _s.ApproveVersionOneAsync(); // decided at about 09:03 on 2026-03-01
        var before = await _s.LogOneAsync(OversightScenario.Decision("early", occurredAt: "2026-03-01T08:00:00Z"));
        var after = await _s.LogOneAsync(OversightScenario.Decision("late", occurredAt: "2026-03-01T09:04:00Z"));
        before.Ungoverned.ShouldBeTrue();
        after.Ungoverned.ShouldBeFalse();
    }

    [Fact]
    public async Task Resending_the_same_decision_returns_the_original_answer_and_a_different_body_is_a_conflict()
    {
        var first = await _s.LogOneAsync(OversightScenario.Decision("cv-7"));
        var again = await _s.LogOneAsync(OversightScenario.Decision("cv-7"));
        (again.Id, again.Route, again.QueueItem, again.Duplicate).ShouldBe((first.Id, first.Route, first.QueueItem, true));
        // The same body with other key order and spacing is the same decision.
        var reordered = (await _s.LogAsync("""
            { "output": "shortlist", "external_id": "cv-7", "system": "resume-screening", "model_version": "cv-ranker@1.0",
              "occurred_at": "2026-03-01T08:30:00Z", "input": {"cv": "cv-7"}, "confidence": 0.9, "factors": {"skills_match": 0.7},
              "features": {"years_experience": 6}, "attributes": {"sex": "female"} }
            """)).Value!.Single;
        reordered.Duplicate.ShouldBeTrue();

        var changed = await _s.LogAsync(OversightScenario.Decision("cv-7", output: "reject"));
        changed.Kind.ShouldBe(ResultKind.Conflict);
        changed.Errors.Keys.ShouldContain("external_id");
        (await _s.CountAsync(db => db.Decisions)).ShouldBe(1);
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing_and_duplicates_inside_it_answer_with_the_first()
    {
        var unknown = await _s.LogAsync(OversightScenario.Batch(OversightScenario.Decision("x1"), OversightScenario.Decision("x2", version: "cv-ranker@9.9")));
        unknown.Kind.ShouldBe(ResultKind.NotFound);
        unknown.Message!.ShouldContain("decisions[1].model_version: no model version 'cv-ranker@9.9'");
        (await _s.CountAsync(db => db.Decisions)).ShouldBe(0);
        (await _s.CountAsync(db => db.Ledger.Where(e => e.Action == "decisions.batch_recorded"))).ShouldBe(0);

        var conflicting = await _s.LogAsync(OversightScenario.Batch(OversightScenario.Decision("y"), OversightScenario.Decision("y", output: "reject")));
        conflicting.Kind.ShouldBe(ResultKind.Conflict);
        conflicting.Errors.Keys.ShouldContain("decisions[1].external_id");

        var twice = (await _s.LogAsync(OversightScenario.Batch(OversightScenario.Decision("z"), OversightScenario.Decision("z")))).Value!.Batch;
        (twice.Accepted, twice.Duplicates).ShouldBe((1, 1));
        twice.Results[1].Id.ShouldBe(twice.Results[0].Id);
        (await _s.CountAsync(db => db.Decisions)).ShouldBe(1);
    }

    [Fact]
    public async Task Each_batch_is_a_Merkle_tree_whose_root_is_one_ledger_entry()
    {
        var decisions = Enumerable.Range(0, 37).Select(i => OversightScenario.Decision($"m-{i}", confidence: 0.5 + i / 100.0)).ToArray();
        var response = (await _s.LogAsync(OversightScenario.Batch(decisions))).Value!.Batch;
        response.Accepted.ShouldBe(37);
        await using var db = _s.Db.NewContext();
        var entry = await db.Ledger.SingleAsync(e => e.Action == "decisions.batch_recorded", Ct);
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        payload["count"]!.GetValue<int>().ShouldBe(37);
        var rows = await db.Decisions.OrderBy(d => d.BatchIndex).ToListAsync(Ct);
        // The root is the RFC 6962 root of the decisions' canonical JSON, rebuilt from the rows.
        var tree = MerkleTree.FromLeafInputs(rows.Select(r => Encoding.UTF8.GetBytes(GetDecisionTrace.Record(r).ToCanonicalJson())));
        payload["root_hash"]!.GetValue<string>().ShouldBe(Convert.ToHexStringLower(tree.RootHash()));
        (await db.DecisionBatches.SingleAsync(Ct)).LedgerSeq.ShouldBe(entry.Seq);
        rows.ShouldAllBe(r => r.InputJson == null, "the policy did not ask to store inputs");
        rows[0].AttributesJson.ShouldBe("""{"sex":"female"}""");
        rows[0].InputDigest.ShouldBe(LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes("""{"cv":"m-0"}""")));
    }

    [Fact]
    public async Task Inputs_are_kept_only_when_the_policy_says_store_inputs()
    {
        await _s.PolicyInForceAsync(OversightScenario.Policy.Replace("controls: [ATT-OVS-01]", "controls: [ATT-OVS-01]\nstore_inputs: true", StringComparison.Ordinal));
        await _s.LogOneAsync(OversightScenario.Decision("kept"));
        await using var db = _s.Db.NewContext();
        (await db.Decisions.SingleAsync(Ct)).InputJson.ShouldBe("""{"cv":"kept"}""");
    }

    [Fact]
    public async Task A_service_key_logs_only_for_its_own_system()
    {
        var other = new CallerIdentity(new Actor("key:other", "other"), [Engine.Access.Roles.Service], [], "sys_someone_else", null);
        // A key bound to another system is not told this one exists.
        (await _s.LogAsync(OversightScenario.Decision("k"), other)).Kind.ShouldBe(ResultKind.NotFound);
        var unscoped = new CallerIdentity(new Actor("key:any", "any"), [Engine.Access.Roles.Service], [], null, null);
        (await _s.LogAsync(OversightScenario.Decision("k"), unscoped)).Kind.ShouldBe(ResultKind.Forbidden);
        (await _s.LogAsync(OversightScenario.Decision("k"), OversightScenario.Rita)).Kind.ShouldBe(ResultKind.Forbidden);
        (await _s.CountAsync(db => db.Decisions)).ShouldBe(0);
    }

    [Fact]
    public async Task Single_decisions_sent_at_once_share_commits_and_each_gets_its_own_answer()
    {
        var tasks = Enumerable.Range(0, 60).Select(i => _s.LogAsync(OversightScenario.Decision($"p-{i}"))).ToList();
        var results = await Task.WhenAll(tasks);
        results.ShouldAllBe(r => r.IsOk && !r.Value!.IsBatch);
        results.Select(r => r.Value!.Single.ExternalId).ShouldBe(Enumerable.Range(0, 60).Select(i => $"p-{i}"));
        results.Select(r => r.Value!.Single.Id).Distinct().Count().ShouldBe(60);
        var batches = await _s.CountAsync(db => db.Ledger.Where(e => e.Action == "decisions.batch_recorded"));
        batches.ShouldBeInRange(1, 60);
        (await _s.CountAsync(db => db.Decisions)).ShouldBe(60);
    }

    [Theory]
    [InlineData("""{"system":"s"}""", "model_version")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x","input_digest":"abc"}""", "input_digest")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x"}""", "input_digest")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x","input":{},"confidence":1.5}""", "confidence")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x","input":{},"confidence":"NaN"}""", "confidence")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:06:00Z","output":"x","input":{}}""", "occurred_at")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00","output":"x","input":{}}""", "occurred_at")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x","input":{},"colour":"red"}""", "colour")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":["x"],"input":{}}""", "output")]
    [InlineData("""{"system":"s","model_version":"m","external_id":"e","occurred_at":"2026-03-01T09:00:00Z","output":"x","input":{},"factors":{"a":"high"}}""", "factors.a")]
    [InlineData("""{"decisions":[{"system":"s"}]}""", "decisions[0].model_version")]
    [InlineData("""{"decisions":[]}""", "decisions")]
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"system": """, "body")]
    public void A_bad_field_is_named_and_nothing_is_read(string json, string field)
    {
        var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(json), new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        body.Problem.ShouldBe(DecisionBodyProblem.Invalid);
        body.Errors.Keys.ShouldContain(field);
        body.Decisions.ShouldBeEmpty();
    }

    [Fact]
    public void A_field_name_that_is_not_UTF_8_is_an_answer_not_an_exception()
    {
        // Found by the input fuzzer: JsonDocument checks a name's encoding only when the name is read.
        byte[] json = [.. "{\"n"u8, 0xF8, 0xBF, .. "ame\":1,\"system\":\"s\"}"u8];
        var body = DecisionBodyReader.Read(json, new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        body.Problem.ShouldBe(DecisionBodyProblem.Invalid);
        body.Errors["body"].ShouldBe(["is not valid UTF-8"]);
    }

    [Fact]
    public void More_than_ten_thousand_decisions_are_too_many_and_a_batch_holds_one_system()
    {
        var many = OversightScenario.Batch(Enumerable.Range(0, 10_001).Select(i => OversightScenario.Decision($"n{i}")).ToArray());
        DecisionBodyReader.Read(Encoding.UTF8.GetBytes(many), DateTimeOffset.UnixEpoch.AddYears(60)).Problem.ShouldBe(DecisionBodyProblem.TooMany);
        var mixed = OversightScenario.Batch(OversightScenario.Decision("a"), OversightScenario.Decision("b").Replace("resume-screening", "credit-scoring", StringComparison.Ordinal));
        var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(mixed), new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        body.Errors["decisions[1].system"][0].ShouldContain("one system");
    }
}
