using System.Globalization;
using Attest.Core.Features.Ledger;

namespace Attest.Web.Hosting;

/// <summary>
/// Re-verifies the whole stored ledger (<see cref="AuditLedger"/>) shortly after start and then every
/// <c>Attest:LedgerAuditInterval</c> (default 15 minutes): a row edited in the database long after it was
/// written raises the integrity alarm (<c>/health</c> degraded, a critical log line) even if nobody reads it.
/// </summary>
internal sealed class LedgerAuditSchedule(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<LedgerAuditSchedule> log, AttestMetrics metrics) : BackgroundService
{
    public const string IntervalKey = "Attest:LedgerAuditInterval";
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    public static TimeSpan Interval(IConfiguration configuration)
    {
        var text = configuration[IntervalKey];
        if (string.IsNullOrWhiteSpace(text)) return DefaultInterval;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero) return interval;
        throw new InvalidOperationException($"{IntervalKey} must be a positive time span such as 00:15:00 (hh:mm:ss), got '{text}'.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = Interval(configuration);
        try
        {
            await AuditAsync(stoppingToken);
            using var timer = new PeriodicTimer(interval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await AuditAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    internal async Task AuditAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<AuditLedger>().ExecuteAsync(ct);
            if (result.Problem is null) log.LogDebug("Ledger audit: {Entries} entries and {Checkpoints} checkpoints re-verified", result.Entries, result.Checkpoints);
            await scope.ServiceProvider.GetRequiredService<CheckpointWitnesses>().RetryPendingAsync(ct);
            metrics.JobRan("ledger_audit", ok: result.Problem is null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan("ledger_audit", ok: false);
            log.LogError(e, "Ledger audit failed; retrying at the next interval");
        }
    }
}
