using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Core.Tests.Oversight;

/// <summary>
/// Group commit of single-decision asks, and the per-process facts of ingest (model versions, deployments, policy in force,
/// approvals): remembered between asks, and a change made on another instance sharing the database used at the next ask.
/// </summary>
public sealed class IngestFactsCacheTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync() => _s = await OversightScenario.CreateAsync();

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Concurrent_asks_share_few_commits_each_gets_its_own_answer_and_every_acknowledged_one_is_committed()
    {
        await _s.PolicyInForceAsync();
        // Every fourth is a rejection (rule "rejections"), every third has low confidence (rule "low-confidence").
        static string Output(int i) => i % 4 == 0 ? "reject" : "shortlist";
        static double Confidence(int i) => i % 3 == 0 ? 0.5 : 0.95;
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => _s.LogAsync(OversightScenario.Decision($"c-{i}", Output(i), Confidence(i))), Ct)));

        for (var i = 0; i < results.Length; i++)
        {
            results[i].IsOk.ShouldBeTrue(results[i].Message);
            var answer = results[i].Value!.Single;
            answer.ExternalId.ShouldBe($"c-{i}");
            answer.Duplicate.ShouldBeFalse();
            string[] expected = [.. Confidence(i) < 0.8 ? ["low-confidence"] : Array.Empty<string>(), .. Output(i) == "reject" ? ["rejections"] : Array.Empty<string>(), "ungoverned"];
            answer.Reasons.ShouldBe(expected, $"decision {i}");
            answer.Route.ShouldBe(DecisionRoute.HumanReview);
            answer.PolicyVersion.ShouldBe(1);
            answer.QueueItem.ShouldNotBeNull();
        }

        await using var db = _s.Db.NewContext();
        var rows = await db.Decisions.AsNoTracking().ToDictionaryAsync(d => d.Id, d => (d.ExternalId, d.BatchId), Ct);
        results.ShouldAllBe(r => rows.ContainsKey(r.Value!.Single.Id) && rows[r.Value.Single.Id].ExternalId == r.Value.Single.ExternalId);
        var batches = await db.DecisionBatches.AsNoTracking().ToListAsync(Ct);
        batches.Sum(b => b.Count).ShouldBe(200);
        rows.Values.Select(r => r.BatchId).Distinct().Count().ShouldBe(batches.Count);
        // One writer per process: asks that wait while a commit runs go into the next commit together.
        var entries = await db.Ledger.AsNoTracking().Where(e => e.Action == "decisions.batch_recorded").Select(e => e.PayloadJson).ToListAsync(Ct);
        entries.Count.ShouldBe(batches.Count);
        entries.Count.ShouldBeLessThan(100, "concurrent asks are coalesced into shared commits");
        entries.Sum(e => JsonNode.Parse(e)!["count"]!.GetValue<int>()).ShouldBe(200);
    }

    [Fact]
    public async Task Facts_are_remembered_between_asks_and_a_change_on_another_instance_is_used_at_the_next_ask() =>
        await ChangesOnOneInstanceReachTheOtherAsync(_s);

    /// <summary>
    /// Instance A is the scenario's services; instance B a second server over the same database that logs the decisions.
    /// Each change A makes — a policy approved, a model version approved, a model version registered — is used by B's very
    /// next ask; asks in between with no change reuse B's remembered facts (no new epoch).
    /// </summary>
    internal static async Task ChangesOnOneInstanceReachTheOtherAsync(OversightScenario s)
    {
        await using var b = s.Db.NewInstance();
        var cache = b.GetRequiredService<IngestFactsCache>();

        async Task<DecisionResultDto> AskOnB(string externalId, string version = "cv-ranker@1.0")
        {
            // Occurring now: coverage is judged at occurred_at, and the approvals below are decided on the test clock.
            var now = s.Db.Clock.GetUtcNow();
            var json = OversightScenario.Decision(externalId, version: version, occurredAt: now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            var body = DecisionBodyReader.Read(Encoding.UTF8.GetBytes(json), now);
            var result = await b.GetRequiredService<DecisionIngestPipeline>().SubmitAsync(s.Service, body, Ct);
            result.IsOk.ShouldBeTrue(result.Message);
            return result.Value!.Single;
        }

        var first = await AskOnB("x-1");
        first.Reasons.ShouldBe(["no_policy_in_force"]);
        var epoch = cache.Epoch;
        (await AskOnB("x-2")).Reasons.ShouldBe(["no_policy_in_force"]);
        cache.Epoch.ShouldBe(epoch, "nothing changed: the remembered facts were used");

        // A policy approved on A: B routes by it at its next ask.
        var version = await s.PolicyInForceAsync();
        var routed = await AskOnB("x-3");
        routed.PolicyVersion.ShouldBe(version);
        routed.Reasons.ShouldBe(["ungoverned"]);
        routed.Ungoverned.ShouldBeTrue();

        // Model version 1.0 approved on A: B's next decision of it is governed (and, at confidence 0.9, automatic).
        await s.ApproveVersionOneAsync();
        var governed = await AskOnB("x-4");
        governed.Ungoverned.ShouldBeFalse();
        governed.Route.ShouldBe(DecisionRoute.Auto);

        // A model version registered on A is known to B at once (not a 404).
        (await s.Db.Get<RegisterModelVersion>().ExecuteAsync(OversightScenario.Slug, Inputs.Model(version: "3.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var three = await AskOnB("x-5", "cv-ranker@3.0");
        await using (var db = s.Db.NewContext())
            (await db.Decisions.AsNoTracking().SingleAsync(d => d.Id == three.Id, Ct)).ModelVersionLabel.ShouldBe("cv-ranker@3.0");

        // B's own decisions and queue work change no facts: the next ask reuses them.
        epoch = cache.Epoch;
        await AskOnB("x-6");
        cache.Epoch.ShouldBe(epoch);
    }
}
