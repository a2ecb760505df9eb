using Attest.Core.Features.Operations;
using Attest.Core.Tests.Support;

namespace Attest.Core.Tests.Database;

/// <summary>Background jobs run once per period however many instances tick (<see cref="ClaimJobRun"/>).</summary>
[Collection(PostgresCollection.Name)]
public sealed class JobLeaseTests(PostgresServer server)
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_database_ticking_together_run_a_job_once_per_tick()
    {
        var database = await server.CreateDatabaseAsync();
        await using var a = await TestDatabase.CreateAsync(database);
        await using var b = await TestDatabase.CreateAsync(database);
        var runs = new List<string>();
        for (var tick = 0; tick < 6; tick++)
        {
            // Instance b's timer fires a little later than a's, as two processes started apart do.
            a.Clock.Advance(Period);
            b.Clock.Advance(Period + TimeSpan.FromSeconds(tick % 3));
            var claims = await Task.WhenAll(
                Task.Run(() => a.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct), Ct),
                Task.Run(() => b.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "b", Ct), Ct));
            claims.Count(c => c).ShouldBe(1, $"tick {tick}");
            runs.Add(claims[0] ? "a" : "b");
        }
        runs.Count.ShouldBe(6);
        // A tick that no instance claimed does not pile up: one run, then the next period.
        a.Clock.Advance(Period * 5);
        (await a.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct)).ShouldBeTrue();
        (await a.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct)).ShouldBeFalse();
    }

    [Fact]
    public async Task On_SQLite_one_instance_claims_each_period_once_and_jobs_are_independent()
    {
        await using var db = await TestDatabase.CreateAsync();
        (await db.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct)).ShouldBeTrue();
        (await db.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct)).ShouldBeFalse();
        (await db.Get<ClaimJobRun>().ExecuteAsync("monitoring", Period, "a", Ct)).ShouldBeTrue();
        db.Clock.Advance(Period - TimeSpan.FromSeconds(3)); // a timer firing a moment early still claims
        (await db.Get<ClaimJobRun>().ExecuteAsync("checkpoint", Period, "a", Ct)).ShouldBeTrue();
    }
}
