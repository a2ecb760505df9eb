using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Incidents;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Part of each scheduler round: every deadline of an incident that is not closed and that has passed unmet opens one alert
/// (<see cref="DeadlineAlerts"/>). Exactly once across instances: inside the change the absence of an alert for the
/// incident × obligation is checked again, and the alert's active key is a unique index — of two instances racing, the
/// second's insert fails and rolls back its change (its ledger entry included). An alert that a person resolved while the
/// obligation is still unmet is not raised again.
/// </summary>
public sealed class RaiseOverdueDeadlines(AttestDbContext db, GovernedWrites writes, TimeProvider time, IdGenerator ids, IncidentData data)
{
    /// <returns>How many alerts this instance opened.</returns>
    public async Task<int> ExecuteAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.Status != IncidentStatus.Closed).ToListAsync(ct);
        if (incidents.Count == 0) return 0;
        var raised = (await db.MonitoringAlerts.AsNoTracking().Where(a => a.Kind == DeadlineAlerts.Kind && a.IncidentId != null)
            .Select(a => new { a.IncidentId, a.SignalId }).ToListAsync(ct)).Select(a => (a.IncidentId!, a.SignalId)).ToHashSet();
        var systemIds = incidents.Select(i => i.SystemId).Distinct().ToList();
        var highRisk = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, IncidentViews.IsHighRisk, ct);
        var opened = 0;
        foreach (var incident in incidents)
        {
            var overdue = IncidentViews.Deadlines(incident, highRisk.GetValueOrDefault(incident.SystemId), data)
                .Where(d => d.StateAt(now) == DeadlineState.Overdue && !raised.Contains((incident.Id, DeadlineAlerts.SignalOf(d.Regime, d.Obligation))));
            foreach (var deadline in overdue)
                if (await OpenAsync(incident.Id, deadline.Regime, deadline.Obligation, ct)) opened++;
        }
        return opened;
    }

    private async Task<bool> OpenAsync(string incidentId, ClockRegime regime, string obligation, CancellationToken ct)
    {
        var signal = DeadlineAlerts.SignalOf(regime, obligation);
        try
        {
            var result = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.MonitoringRun,
                WriteTarget.SystemOf(db.Incidents.Where(i => i.Id == incidentId).Select(i => i.SystemId), $"No incident '{incidentId}'."), async change =>
            {
                // Read again inside the change: another instance may have raised it, or the obligation been met, since.
                if (await db.MonitoringAlerts.AnyAsync(a => a.IncidentId == incidentId && a.SignalId == signal, ct)) return Result<bool>.Ok(false);
                var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
                var deadline = IncidentViews.Deadlines(incident, IncidentViews.IsHighRisk(change.System), data).FirstOrDefault(d => d.Regime == regime && d.Obligation == obligation);
                if (deadline is null || deadline.StateAt(change.Now) != DeadlineState.Overdue) return Result<bool>.Ok(false);
                await DeadlineAlerts.OpenAsync(change, db, ids, incident, deadline, ct);
                return Result<bool>.Ok(true);
            }, ct);
            return result.IsOk && result.Value;
        }
        catch (DbUpdateException)
        {
            // The unique active key: another instance opened this alert in the same moment.
            return false;
        }
    }
}
