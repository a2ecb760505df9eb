using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Operations;

namespace Attest.Web.Hosting;

/// <summary>
/// Signs a ledger checkpoint every <c>Attest:CheckpointInterval</c> (a TimeSpan such as <c>01:00:00</c>,
/// default one hour) when there are changes since the last one; the clock is the injected TimeProvider.
/// A failure is logged and retried at the next tick: it never stops the server. With several instances on one database
/// each period is claimed by one of them (<see cref="ClaimJobRun"/>, job <c>checkpoint</c>): one checkpoint per period.
/// </summary>
internal sealed class CheckpointSchedule(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<CheckpointSchedule> log, AttestMetrics metrics) : BackgroundService
{
    public const string JobName = "checkpoint";
    private readonly string _owner = JobOwner.New();
    public const string IntervalKey = "Attest:CheckpointInterval";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromHours(1);

    public static TimeSpan Interval(IConfiguration configuration)
    {
        var text = configuration[IntervalKey];
        if (string.IsNullOrWhiteSpace(text)) return DefaultInterval;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero) return interval;
        throw new InvalidOperationException($"{IntervalKey} must be a positive time span such as 01:00:00 (hh:mm:ss), got '{text}'.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval(configuration), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await SignAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One scheduled run: a checkpoint if the ledger changed since the last one.</summary>
    internal async Task SignAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ClaimJobRun>().ExecuteAsync(JobName, Interval(configuration), _owner, ct)) return;
            var outcome = await scope.ServiceProvider.GetRequiredService<CreateCheckpoint>().ExecuteAsync(CallerIdentity.Attest, ct);
            if (outcome.Value is { Created: true, Checkpoint: var c })
                log.LogInformation("Signed ledger checkpoint over {TreeSize} entries with key {KeyId}", c.TreeSize, c.KeyId);
            metrics.JobRan("checkpoint", ok: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan("checkpoint", ok: false);
            log.LogError(e, "Scheduled ledger checkpoint failed; retrying at the next interval");
        }
    }
}
