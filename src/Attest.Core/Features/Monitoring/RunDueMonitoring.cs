using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// One round of the background scheduler: claim the signals that are due, evaluate them, raise alerts for overdue incident
/// deadlines (<see cref="RaiseOverdueDeadlines"/>), send due deliveries. A signal's
/// slot is claimed by one conditional update that only matches while it is still due at the time this instance read and
/// unleased — so with several instances on one database each due slot is evaluated exactly once; the update moves the
/// slot to its next due time in the same statement.
/// </summary>
public sealed class RunDueMonitoring(AttestDbContext db, GovernedWrites writes, TimeProvider time, MonitoringSettings settings, RunMonitoring run, RaiseOverdueDeadlines deadlines, DeliverAlerts deliver)
{
    public const int MaxSignalsPerRound = 200;

    public sealed record RoundResult(int Evaluated, int Delivered, int DeadlineAlerts = 0);

    public async Task<RoundResult> ExecuteAsync(string owner, CancellationToken ct)
    {
        var claimed = await ClaimAsync(owner, ct);
        var evaluated = 0;
        foreach (var system in claimed.GroupBy(c => c.SystemId, StringComparer.Ordinal))
        {
            var result = await run.ExecuteAsync(system.Key, system.Select(s => s.SignalId).ToList(), RunMonitoring.Scheduled, CallerIdentity.Attest, ct);
            if (result.IsOk) evaluated += result.Value!.Signals.Count;
        }
        var overdue = await deadlines.ExecuteAsync(ct);
        var delivered = await deliver.ExecuteAsync(owner, null, ct);
        return new RoundResult(evaluated, delivered, overdue);
    }

    /// <summary>The (system, signal) slots this instance won.</summary>
    public async Task<IReadOnlyList<(string SystemId, string SignalId)>> ClaimAsync(string owner, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.MonitoringSchedule.AsNoTracking().Where(s => s.NextDueAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now))
            .OrderBy(s => s.NextDueAt).Take(MaxSignalsPerRound).ToListAsync(ct);
        var plans = new Dictionary<string, Engine.Signals.MonitoringPlan?>(StringComparer.Ordinal);
        var won = new List<(string, string)>();
        foreach (var slot in due)
        {
            if (!plans.TryGetValue(slot.SystemId, out var plan))
                plans[slot.SystemId] = plan = await MonitoringPlans.InForceAsync(db, slot.SystemId, ct) is { } row ? MonitoringPlans.Plan(row) : null;
            var every = plan?.Signals.FirstOrDefault(s => s.Id == slot.SignalId)?.Every;
            if (every is null) continue;
            var next = slot.NextDueAt + every.Value;
            if (next <= now) next = now + every.Value;
            var until = now + settings.Lease;
            var seen = slot.NextDueAt;
            var claimed = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.MonitoringRun, WriteTarget.Installation, async _ =>
            {
                var rows = await db.MonitoringSchedule
                    .Where(s => s.SystemId == slot.SystemId && s.SignalId == slot.SignalId && s.NextDueAt == seen && (s.LeaseUntil == null || s.LeaseUntil < now))
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextDueAt, next).SetProperty(s => s.LeaseOwner, owner).SetProperty(s => s.LeaseUntil, until), ct);
                return Result<bool>.Ok(rows == 1);
            }, ct);
            if (claimed.IsOk && claimed.Value) won.Add((slot.SystemId, slot.SignalId));
        }
        return won;
    }
}
