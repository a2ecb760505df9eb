namespace Attest.Web.Hosting;

/// <summary>
/// A background job run at start and then every <see cref="Interval"/>: the switch that turns it off
/// (<c>{Setting}=off</c>), the timer on <see cref="TimeProvider"/>, and the rule that a failure is logged, counted in
/// <see cref="AttestMetrics.JobRan"/> and retried at the next tick — it never stops the server.
/// </summary>
internal abstract class HourlyJob(TimeProvider time, IConfiguration configuration, ILogger log, AttestMetrics metrics) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected TimeProvider Time { get; } = time;

    protected ILogger Log { get; } = log;

    /// <summary>The job's name in metrics and logs.</summary>
    protected abstract string Name { get; }

    /// <summary>The configuration key whose value <c>off</c> turns the job off.</summary>
    protected abstract string Setting { get; }

    /// <summary>One run; its own outcome is logged by the job.</summary>
    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration[Setting], "off", StringComparison.OrdinalIgnoreCase)) return;
        using var timer = new PeriodicTimer(Interval, Time);
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
            await RunOnceAsync(ct);
            metrics.JobRan(Name, ok: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan(Name, ok: false);
            Log.LogError(e, "Background job {Job} failed; retrying at the next tick", Name);
        }
    }
}
