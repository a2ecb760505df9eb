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
    : HourlyJob(time, configuration, log, metrics)
{
    public const string JobName = "decision_retention";
    private readonly string _owner = JobOwner.New();

    protected override string Name => JobName;

    protected override string Setting => "Attest:DecisionRetention";

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<ClaimJobRun>().ExecuteAsync(JobName, Interval, _owner, ct)) return;
        foreach (var r in await scope.ServiceProvider.GetRequiredService<ApplyDecisionRetention>().ExecuteAsync(ct))
            Log.LogInformation("Decision retention: deleted {Decisions} decisions in {Batches} batches of system {System} recorded before {Cutoff}",
                r.Decisions, r.Batches, r.SystemId, r.Cutoff);
        var partitions = await scope.ServiceProvider.GetRequiredService<MaintainDecisionPartitions>().ExecuteAsync(ct);
        if (partitions.Created.Count + partitions.Dropped.Count > 0)
            Log.LogInformation("Decision partitions ({Mode}): created {Created}, retired {Dropped}", partitions.Mode,
                string.Join(", ", partitions.Created), string.Join(", ", partitions.Dropped));
    }
}
