using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>A decision's causal trace: approval in force when it occurred, policy, review and proof — and a tampered database shows.</summary>
public sealed class DecisionTraceTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await OversightScenario.CreateAsync();
        await _s.PolicyInForceAsync();
        await _s.ApproveVersionOneAsync();
    }

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonObject> TraceAsync(string id)
    {
        var result = await _s.Db.Get<GetDecisionTrace>().ExecuteAsync(id, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    private async Task<(string DecisionId, string ItemId)> OverriddenAsync()
    {
        var logged = await _s.LogOneAsync(OversightScenario.Decision("cv-9", "reject", 0.6, occurredAt: "2026-03-01T09:04:00Z"));
        var resolved = await _s.Db.Get<ResolveReviewItem>().ExecuteAsync(logged.QueueItem!, new ResolveInput
        {
            Outcome = ReviewOutcome.Overridden,
            FinalOutput = JsonSerializer.SerializeToElement("shortlist"),
            Rationale = "Relevant experience under another job title.",
        }, OversightScenario.Rita, Ct);
        resolved.IsOk.ShouldBeTrue(resolved.Message);
        return (logged.Id, logged.QueueItem!);
    }

    [Fact]
    public async Task The_trace_answers_what_happened_under_which_approval_and_policy_and_who_reviewed_it()
    {
        var (id, item) = await OverriddenAsync();
        var trace = await TraceAsync(id);
        trace["decision"]!["id"]!.GetValue<string>().ShouldBe(id);
        trace["decision"]!["output"]!.GetValue<string>().ShouldBe("reject");
        trace["decision"]!["attributes"].ShouldBeNull("protected attributes are never shown");
        trace["model_version"]!["label"]!.GetValue<string>().ShouldBe("cv-ranker@1.0");
        var approval = trace["approval"]!;
        approval["decision"]!.GetValue<string>().ShouldBe("conditional_go");
        approval["decided_by"]!.GetValue<string>().ShouldBe("user:eve");
        approval["covered_by"]!.GetValue<string>().ShouldBe("approved_version");
        approval["pinned_gate_sha256"]!.GetValue<string>().ShouldStartWith("sha256:");
        var policy = trace["policy"]!;
        (policy["version"]!.GetValue<int>(), policy["approved_by"]!.GetValue<string>()).ShouldBe((1, "user:gus"));
        policy["fired_rules"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["low-confidence", "rejections"]);
        policy["controls"]!.AsArray().Single()!.GetValue<string>().ShouldBe("ATT-OVS-01");
        var review = trace["review"]!;
        (review["item_id"]!.GetValue<string>(), review["outcome"]!.GetValue<string>(), review["final_output"]!.GetValue<string>(), review["resolved_by"]!.GetValue<string>())
            .ShouldBe((item, "overridden", "shortlist", "user:rita"));
        trace["proof"]!["entries"]!.AsArray().Select(e => e!["role"]!.GetValue<string>())
            .ShouldBe(["decisions_batch", "policy_proposed", "policy_approved", "release_approval", "review_resolved"], ignoreOrder: true);

        var verdict = DecisionTraces.Verify(trace.ToJsonString(), null);
        verdict.Problems.ShouldBeEmpty();
        verdict.Checks.Count.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public async Task Without_an_approval_in_force_the_trace_says_why()
    {
        var logged = await _s.LogOneAsync(OversightScenario.Decision("early", occurredAt: "2026-03-01T08:00:00Z"));
        var trace = await TraceAsync(logged.Id);
        trace["approval"].ShouldBeNull();
        trace["approval_note"]!.GetValue<string>().ShouldContain("No release approval");
        trace["decision"]!["ungoverned"]!.GetValue<bool>().ShouldBeTrue();
        DecisionTraces.Verify(trace.ToJsonString(), null).Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_decision_or_a_review_changed_in_the_database_no_longer_verifies()
    {
        var (id, item) = await OverriddenAsync();
        await using (var db = _s.Db.NewContext())
            await db.Database.ExecuteSqlAsync($"UPDATE decisions SET \"Output\" = 'shortlist' WHERE \"Id\" = {id}", Ct);
        var verdict = DecisionTraces.Verify((await TraceAsync(id)).ToJsonString(), null);
        verdict.Valid.ShouldBeFalse();
        verdict.Problems.ShouldContain(p => p.Contains("inclusion proof does not lead to the batch root"));

        await using (var db = _s.Db.NewContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE decisions SET \"Output\" = 'reject' WHERE \"Id\" = {id}", Ct);
            await db.Database.ExecuteSqlAsync($"UPDATE review_items SET \"Rationale\" = 'rubber stamp' WHERE \"Id\" = {item}", Ct);
        }
        var review = DecisionTraces.Verify((await TraceAsync(id)).ToJsonString(), null);
        review.Problems.ShouldContain(p => p.Contains($"review item {item}"));
    }

    [Fact]
    public async Task A_changed_policy_document_no_longer_verifies()
    {
        var logged = await _s.LogOneAsync(OversightScenario.Decision("p1"));
        await using (var db = _s.Db.NewContext())
            await db.Database.ExecuteSqlAsync($"UPDATE oversight_policies SET \"DocumentJson\" = replace(\"DocumentJson\", '0.8', '0.5')", Ct);
        var verdict = DecisionTraces.Verify((await TraceAsync(logged.Id)).ToJsonString(), null);
        verdict.Problems.ShouldContain(p => p.Contains("policy.document does not hash"));
    }
}
