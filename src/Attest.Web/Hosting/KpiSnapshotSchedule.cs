using Attest.Core.Features.Kpis;

namespace Attest.Web.Hosting;

/// <summary>
/// Keeps the KPI history (<see cref="TakeKpiSnapshots"/>): once at start — a first start backfills six months from the
/// records and the ledger — and then every hour, which writes the day just ended once it has. Several instances may run
/// it against one database: every row goes in insert-if-absent on its (KPI, segment, day) key, so each day is stored
/// exactly once. A failure is logged and retried at the next tick; it never stops the server.
/// <c>Attest:KpiSnapshots=off</c> turns it off.
/// </summary>
internal sealed class KpiSnapshotSchedule(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<KpiSnapshotSchedule> log, AttestMetrics metrics)
    : HourlyJob(time, configuration, log, metrics)
{
    protected override string Name => "kpi_snapshots";

    protected override string Setting => "Attest:KpiSnapshots";

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var started = Time.GetTimestamp();
        var run = await scope.ServiceProvider.GetRequiredService<TakeKpiSnapshots>().ExecuteAsync(ct);
        if (run.Days > 0)
            Log.LogInformation("KPI history: stored {Days} days through {Through} in {Elapsed} ms", run.Days, run.Through, (int)Time.GetElapsedTime(started).TotalMilliseconds);
    }
}
