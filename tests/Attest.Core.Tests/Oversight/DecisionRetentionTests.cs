using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>
/// Retention per system (<c>retention_days</c> in the oversight policy in force): old batches' decisions and review items
/// go, their batch rows, Merkle roots and ledger entries stay, the ledger still verifies and exports, and a purged
/// decision's trace says why it is gone. On SQLite here; <see cref="PostgresDecisionPartitionTests"/> runs the same on
/// PostgreSQL's monthly partitions.
/// </summary>
public sealed class DecisionRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string PolicyKeeping184Days = "retention_days: 184\n" + OversightScenario.Policy;

    [Fact]
    public async Task Retention_deletes_old_batches_keeps_their_roots_and_the_ledger_still_verifies()
    {
        await using var s = await OversightScenario.CreateAsync();
        await RetentionSteps.RunAsync(s);
    }

    [Fact]
    public async Task A_retention_shorter_than_six_months_is_refused_naming_the_field()
    {
        await using var s = await OversightScenario.CreateAsync();
        var policy = "retention_days: 30\n" + OversightScenario.Policy;
        var proposed = await s.Db.Get<ProposeOversightPolicy>().ExecuteAsync(OversightScenario.Slug, policy, yaml: true, "policy.yaml", Actors.Dana, Ct);
        proposed.Kind.ShouldBe(ResultKind.Invalid);
        proposed.Message!.ShouldContain("retention_days");
        proposed.Message!.ShouldContain("184");
    }

    [Fact]
    public async Task Changing_the_retention_is_a_change_of_the_oversight_measures()
    {
        await using var s = await OversightScenario.CreateAsync();
        await s.PolicyInForceAsync(PolicyKeeping184Days);
        var longer = "retention_days: 365\n" + OversightScenario.Policy;
        var proposed = await s.Db.Get<ProposeOversightPolicy>().ExecuteAsync(OversightScenario.Slug, longer, yaml: true, "policy.yaml", Actors.Dana, Ct);
        proposed.IsOk.ShouldBeTrue(proposed.Message);
        proposed.Value!.Changes.ShouldBe(["retention_days: 184 → 365"]);
        proposed.Value.Material.ShouldBeTrue("the system is high tier: its oversight measures are part of what was approved");
    }

    [Fact]
    public async Task A_batch_with_a_review_still_open_waits_until_it_is_resolved()
    {
        await using var s = await OversightScenario.CreateAsync(expireAfter: TimeSpan.FromDays(400));
        await s.PolicyInForceAsync(PolicyKeeping184Days);
        await s.ApproveVersionOneAsync();
        var held = await s.LogOneAsync(OversightScenario.Decision("held-1", "reject", occurredAt: RetentionSteps.LedgerTime(s)));
        held.QueueItem.ShouldNotBeNull();
        s.Db.Clock.Advance(TimeSpan.FromDays(200));

        (await s.Db.Get<ApplyDecisionRetention>().ExecuteAsync(Ct)).ShouldBeEmpty("its review is pending and has not expired");
        (await s.Db.Get<GetDecision>().ExecuteAsync(held.Id, Ct)).IsOk.ShouldBeTrue();

        (await s.Db.Get<ClaimReviewItem>().ExecuteAsync(held.QueueItem!, OversightScenario.Rita, Ct)).IsOk.ShouldBeTrue();
        (await s.Db.Get<ResolveReviewItem>().ExecuteAsync(held.QueueItem!, new ResolveInput { Outcome = ReviewOutcome.Confirmed, Rationale = "Fine." }, OversightScenario.Rita, Ct))
            .IsOk.ShouldBeTrue();
        var run = await s.Db.Get<ApplyDecisionRetention>().ExecuteAsync(Ct);
        run.Single().ShouldBe(run[0] with { Batches = 1, Decisions = 1, ReviewItems = 1 });
    }
}

/// <summary>The retention journey, on whichever database the scenario runs.</summary>
internal static class RetentionSteps
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Returns the ids of a purged decision and a kept one.</summary>
    public static async Task<(string Purged, string Kept)> RunAsync(OversightScenario s, Func<Task>? beforeRetention = null)
    {
        await s.PolicyInForceAsync(DecisionRetentionTests.PolicyKeeping184Days);
        await s.ApproveVersionOneAsync();
        var first = (await s.LogAsync(OversightScenario.Batch(OversightScenario.Decision("old-1", occurredAt: LedgerTime(s)), OversightScenario.Decision("old-2", "reject", occurredAt: LedgerTime(s)),
            OversightScenario.Decision("old-3", occurredAt: LedgerTime(s)))))
            .Value!.Batch.Results;
        var review = first.Single(r => r.QueueItem is not null);
        (await s.Db.Get<ClaimReviewItem>().ExecuteAsync(review.QueueItem!, OversightScenario.Rita, Ct)).IsOk.ShouldBeTrue();
        (await s.Db.Get<ResolveReviewItem>().ExecuteAsync(review.QueueItem!, new ResolveInput { Outcome = ReviewOutcome.Confirmed, Rationale = "Rejection stands." },
            OversightScenario.Rita, Ct)).IsOk.ShouldBeTrue();
        s.Db.Clock.Advance(TimeSpan.FromDays(1));
        var second = await s.LogOneAsync(OversightScenario.Decision("old-4", "reject", occurredAt: LedgerTime(s))); // left pending: it expires after 30 days
        s.Db.Clock.Advance(TimeSpan.FromDays(190));
        var kept = await s.LogOneAsync(OversightScenario.Decision("new-1", occurredAt: LedgerTime(s)));
        if (beforeRetention is not null) await beforeRetention();

        var run = await s.Db.Get<ApplyDecisionRetention>().ExecuteAsync(Ct);
        var applied = run.ShouldHaveSingleItem();
        (applied.SystemId, applied.RetentionDays, applied.Batches, applied.Decisions, applied.ReviewItems).ShouldBe((s.SystemId, 184, 2, 4, 2));
        (await s.Db.Get<ApplyDecisionRetention>().ExecuteAsync(Ct)).ShouldBeEmpty("a second run finds nothing left to delete");

        await using (var db = s.Db.NewContext())
        {
            (await db.Decisions.Select(d => d.ExternalId).ToListAsync(Ct)).ShouldBe(["new-1"]);
            (await db.ReviewItems.CountAsync(Ct)).ShouldBe(0);
            var batches = await db.DecisionBatches.OrderBy(b => b.RecordedAt).ToListAsync(Ct);
            batches.Count.ShouldBe(3, "the batch rows and their roots stay");
            batches.Take(2).ShouldAllBe(b => b.PurgedAt != null && b.PurgedSeq != null);
            batches[2].PurgedAt.ShouldBeNull();
            var entry = await db.Ledger.SingleAsync(e => e.Action == "decisions.retention_applied", Ct);
            entry.PayloadJson.ShouldContain(batches[0].Id);
            entry.PayloadJson.ShouldContain(batches[1].Id);
        }

        var gone = await s.Db.Get<GetDecisionTrace>().ExecuteAsync(first[0].Id, Ct);
        gone.Kind.ShouldBe(ResultKind.NotFound);
        gone.Message!.ShouldContain("purged by retention on");
        gone.Message!.ShouldContain("184-day retention");
        gone.Message!.ShouldContain("still on the ledger");
        (await s.Db.Get<GetDecision>().ExecuteAsync(second.Id, Ct)).Message!.ShouldContain("purged by retention");
        (await s.Db.Get<GetDecision>().ExecuteAsync("dec_0195a7c3e4b07a1b9c2d3e4f5a6b7c8d", Ct)).Message.ShouldBe("No decision 'dec_0195a7c3e4b07a1b9c2d3e4f5a6b7c8d'.");

        var trace = await s.Db.Get<GetDecisionTrace>().ExecuteAsync(kept.Id, Ct);
        trace.IsOk.ShouldBeTrue(trace.Message);
        DecisionTraces.Verify(trace.Value!.ToJsonString(), null).Problems.ShouldBeEmpty();
        (await s.LogAsync(OversightScenario.Decision("new-1", occurredAt: LedgerTime(s)))).Value!.Single.Duplicate.ShouldBeTrue();

        using var export = new MemoryStream();
        (await s.Db.Get<ExportLedger>().ExecuteAsync(export, Ct)).IsOk.ShouldBeTrue();
        export.Position = 0;
        LedgerExportVerification.Verify(export, [LedgerKeyRing.Open(s.Db.Settings.DataDirectory).ActiveKey.PublicKeyBytes()]).Problem.ShouldBeNull();
        return (first[0].Id, kept.Id);
    }

    /// <summary>Half a minute ago: after the approval of version 1.0, so the decision is governed.</summary>
    public static string LedgerTime(OversightScenario s) => s.Db.Clock.GetUtcNow().AddSeconds(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
