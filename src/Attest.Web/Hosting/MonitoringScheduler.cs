using Attest.Core.Features.Monitoring;

namespace Attest.Web.Hosting;

/// <summary>
/// Evaluates due monitoring signals, raises alerts for overdue incident deadlines and sends due alert deliveries every <c>Attest:Monitoring:SchedulerTick</c> (default
/// 15 s) on the injected clock. Several instances may run it against one PostgreSQL database: each due signal is claimed by
/// one conditional update (<see cref="RunDueMonitoring"/>), so it is evaluated exactly once, and each tick's round (overdue
/// deadlines, deliveries too) is claimed by one instance (<see cref="Attest.Core.Features.Operations.ClaimJobRun"/>, job <c>monitoring</c>). A failure is logged and the
/// next tick tries again; it never stops the server. <c>Attest:Monitoring:Scheduler=off</c> turns it off (tests, CLI one-shots).
/// </summary>
internal sealed class MonitoringScheduler(IServiceScopeFactory scopes, TimeProvider time, MonitoringSettings settings, IConfiguration configuration, ILogger<MonitoringScheduler> log, AttestMetrics metrics)
    : BackgroundService
{
    public const string JobName = "monitoring";
    private readonly string _owner = JobOwner.New();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["Attest:Monitoring:Scheduler"], "off", StringComparison.OrdinalIgnoreCase)) return;
        using var timer = new PeriodicTimer(settings.SchedulerTick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await RoundAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task RoundAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<Attest.Core.Features.Operations.ClaimJobRun>().ExecuteAsync(JobName, settings.SchedulerTick, _owner, ct)) return;
            var round = await scope.ServiceProvider.GetRequiredService<RunDueMonitoring>().ExecuteAsync(_owner, ct);
            if (round.Evaluated + round.Delivered + round.DeadlineAlerts > 0)
                log.LogInformation("Monitoring: evaluated {Signals} signals, raised {Deadlines} overdue-deadline alerts, attempted {Deliveries} deliveries",
                    round.Evaluated, round.DeadlineAlerts, round.Delivered);
            metrics.JobRan("monitoring", ok: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan("monitoring", ok: false);
            log.LogError(e, "Monitoring round failed; retrying at the next tick");
        }
    }
}
