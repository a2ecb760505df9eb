using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>Ingest (binary COPY inside the governed transaction), the queue, analytics and the trace on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresOversightTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ingest_facts_changed_on_one_instance_are_used_by_another_at_its_next_ask_on_PostgreSQL()
    {
        await using var s = await OversightScenario.CreateAsync(await server.CreateDatabaseAsync());
        await IngestFactsCacheTests.ChangesOnOneInstanceReachTheOtherAsync(s);
    }

    [Fact]
    public async Task Decisions_are_logged_reviewed_counted_and_traced_on_PostgreSQL()
    {
        await using var s = await OversightScenario.CreateAsync(await server.CreateDatabaseAsync());
        await s.PolicyInForceAsync();
        await s.ApproveVersionOneAsync();
        var batch = (await s.LogAsync(OversightScenario.Batch(Enumerable.Range(0, 250)
            .Select(i => OversightScenario.Decision($"pg-{i}", i % 10 == 0 ? "reject" : "shortlist", 0.95, occurredAt: "2026-03-01T09:04:00Z")).ToArray()))).Value!.Batch;
        batch.Accepted.ShouldBe(250);
        batch.Results.Count(r => r.Route == DecisionRoute.HumanReview).ShouldBe(25);
        (await s.LogAsync(OversightScenario.Decision("pg-0", "reject", 0.95, occurredAt: "2026-03-01T09:04:00Z"))).Value!.Single.Duplicate.ShouldBeTrue();

        var queue = (await s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(System: OversightScenario.Slug, Rule: "rejections"), ReadScope.Everything, Ct)).Value!;
        queue.Total.ShouldBe(25);
        var item = queue.Items[0].Id;
        (await s.Db.Get<ClaimReviewItem>().ExecuteAsync(item, OversightScenario.Rita, Ct)).IsOk.ShouldBeTrue();
        var resolved = await s.Db.Get<ResolveReviewItem>().ExecuteAsync(item, new ResolveInput
        {
            Outcome = ReviewOutcome.Overridden,
            FinalOutput = JsonSerializer.SerializeToElement("shortlist"),
            Rationale = "Meets every must-have.",
        }, OversightScenario.Rita, Ct);
        resolved.IsOk.ShouldBeTrue(resolved.Message);

        var metrics = (await s.Db.Get<GetOversightMetrics>().ExecuteAsync(OversightScenario.Slug, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Ct)).Value!;
        (metrics.Decisions, metrics.HumanReview, metrics.Overridden).ShouldBe((250, 25, 1));
        metrics.Daily.Single().ShouldBe(new DailyOversight(new DateOnly(2026, 3, 1), 250, 25, 1));
        metrics.OverridesByDirection.Single().ShouldBe(new OverrideDirection("reject", "shortlist", 1));

        var trace = await s.Db.Get<GetDecisionTrace>().ExecuteAsync(resolved.Value!.Decision, Ct);
        trace.IsOk.ShouldBeTrue(trace.Message);
        DecisionTraces.Verify(trace.Value!.ToJsonString(), null).Problems.ShouldBeEmpty("the record re-hashes identically after a round trip through PostgreSQL");
        await using var db = s.Db.NewContext();
        (await db.Decisions.CountAsync(Ct)).ShouldBe(250);
    }
}
