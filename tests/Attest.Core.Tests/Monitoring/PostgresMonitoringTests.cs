using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

/// <summary>The scheduler on PostgreSQL, the production database, with several instances racing for the same due signals.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMonitoringTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_schedulers_on_PostgreSQL_evaluate_every_due_signal_exactly_once()
    {
        await using var s = await MonitoringScenario.CreateAsync(await server.CreateDatabaseAsync());
        await s.LogAsync(s.Db.Clock.GetUtcNow().AddMinutes(-1), ("shortlist", "female", 3), ("reject", "male", 2));
        await s.SavePlanAsync(MonitoringTests.Plan("http://127.0.0.1:9/unreachable"));
        var rounds = 0;
        for (var round = 0; round < 6; round++)
        {
            // Two instances (own scopes and connections) start the same round at the same moment.
            var a = s.Db.Get<RunDueMonitoring>();
            var b = s.Db.Get<RunDueMonitoring>();
            var results = await Task.WhenAll(Task.Run(() => a.ExecuteAsync("instance-a", Ct), Ct), Task.Run(() => b.ExecuteAsync("instance-b", Ct), Ct));
            // Round 0: both signals are due; afterwards every hour only accuracy (volume is daily).
            results.Sum(r => r.Evaluated).ShouldBe(round == 0 ? 2 : 1, $"round {round}");
            rounds++;
            s.Db.Clock.Advance(TimeSpan.FromHours(1));
        }
        await using var db = s.Db.NewContext();
        (await db.MonitoringPoints.CountAsync(p => p.SignalId == "accuracy", Ct)).ShouldBe(rounds);
        (await db.MonitoringPoints.CountAsync(p => p.SignalId == "volume", Ct)).ShouldBe(1);
        (await db.MonitoringPoints.Select(p => new { p.SignalId, p.EvaluatedAt }).Distinct().CountAsync(Ct)).ShouldBe(rounds + 1);
    }

    [Fact]
    public async Task Two_schedulers_on_PostgreSQL_raise_an_overdue_deadline_alert_exactly_once()
    {
        await using var s = await MonitoringScenario.CreateAsync(await server.CreateDatabaseAsync());
        await DeadlineAlertTests.ReportBreachAsync(s);
        s.Db.Clock.Advance(TimeSpan.FromHours(73));
        var a = s.Db.Get<RaiseOverdueDeadlines>();
        var b = s.Db.Get<RaiseOverdueDeadlines>();
        var opened = await Task.WhenAll(Task.Run(() => a.ExecuteAsync(Ct), Ct), Task.Run(() => b.ExecuteAsync(Ct), Ct));
        // Triage, containment plan, GDPR notification: three deadlines passed, three alerts, whoever opened them.
        opened.Sum().ShouldBe(3);
        await using var db = s.Db.NewContext();
        (await db.MonitoringAlerts.CountAsync(x => x.Kind == DeadlineAlerts.Kind, Ct)).ShouldBe(3);
        (await db.Ledger.CountAsync(e => e.Action == Attest.Core.Governance.LedgerActions.DeadlineAlertOpened.Name, Ct)).ShouldBe(3);
    }
}
