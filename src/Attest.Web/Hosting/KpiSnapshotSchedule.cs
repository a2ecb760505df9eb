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
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["Attest:KpiSnapshots"], "off", StringComparison.OrdinalIgnoreCase)) return;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await RunAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var started = time.GetTimestamp();
            var run = await scope.ServiceProvider.GetRequiredService<TakeKpiSnapshots>().ExecuteAsync(ct);
            if (run.Days > 0)
                log.LogInformation("KPI history: stored {Days} days through {Through} in {Elapsed} ms", run.Days, run.Through, (int)time.GetElapsedTime(started).TotalMilliseconds);
            metrics.JobRan("kpi_snapshots", ok: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan("kpi_snapshots", ok: false);
            log.LogError(e, "KPI snapshots failed; retrying at the next tick");
        }
    }
}
