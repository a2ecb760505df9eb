using Attest.Core.Features.Operations;
using Attest.Core.Features.Oversight;

namespace Attest.Web.Hosting;

/// <summary>
/// Applies decision retention (<see cref="ApplyDecisionRetention"/>: each system's <c>retention_days</c>) and then keeps
/// PostgreSQL's monthly decision partitions (<see cref="MaintainDecisionPartitions"/>: months ahead made, emptied months
/// retired, through pg_partman when it is installed) — at start and every hour, each hour claimed by one instance
/// (<see cref="ClaimJobRun"/>, job <c>decision_retention</c>). This is pg_partman's maintenance too: no cron job or
/// background worker is needed. A failure is logged and retried at the next tick; it never stops the server.
/// <c>Attest:DecisionRetention=off</c> turns it off (an operator who runs pg_partman's maintenance from cron instead).
/// </summary>
internal sealed class DecisionRetentionSchedule(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<DecisionRetentionSchedule> log, AttestMetrics metrics)
    : BackgroundService
{
    public const string JobName = "decision_retention";
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private readonly string _owner = JobOwner.New();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["Attest:DecisionRetention"], "off", StringComparison.OrdinalIgnoreCase)) return;
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
            if (!await scope.ServiceProvider.GetRequiredService<ClaimJobRun>().ExecuteAsync(JobName, Interval, _owner, ct)) return;
            foreach (var r in await scope.ServiceProvider.GetRequiredService<ApplyDecisionRetention>().ExecuteAsync(ct))
                log.LogInformation("Decision retention: deleted {Decisions} decisions in {Batches} batches of system {System} recorded before {Cutoff}",
                    r.Decisions, r.Batches, r.SystemId, r.Cutoff);
            var partitions = await scope.ServiceProvider.GetRequiredService<MaintainDecisionPartitions>().ExecuteAsync(ct);
            if (partitions.Created.Count + partitions.Dropped.Count > 0)
                log.LogInformation("Decision partitions ({Mode}): created {Created}, retired {Dropped}", partitions.Mode,
                    string.Join(", ", partitions.Created), string.Join(", ", partitions.Dropped));
            metrics.JobRan(JobName, ok: true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.JobRan(JobName, ok: false);
            log.LogError(e, "Decision retention and partition maintenance failed; retrying at the next tick");
        }
    }
}
