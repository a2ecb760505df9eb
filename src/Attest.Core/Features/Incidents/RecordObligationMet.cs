using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// Records that one of an incident's deadlines was met (the report was sent, the authority notified), and when: that time
/// becomes the deadline's <c>met_at</c>. Only obligations the incident is on can be met; each once; never in the future
/// and never before the awareness it runs from.
/// </summary>
public sealed class RecordObligationMet(AttestDbContext db, GovernedWrites writes, IncidentData data)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, ObligationMetInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Regime is null)
            errors.Add("regime", $"is required: one of {string.Join(" | ", WireName.All<ClockRegime>())}");
        errors.Required("obligation", input.Obligation);
        errors.MaxLength("obligation", input.Obligation, 60);
        errors.MaxLength("note", input.Note, ReportIncident.MaxTextLength);
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsHandle,
            WriteTarget.SystemOf(db.Incidents.Where(x => x.Id == incidentId).Select(x => x.SystemId), $"No incident '{incidentId}'."), async change =>
        {
            var incident = await db.Incidents.FirstAsync(x => x.Id == incidentId, ct);
            if (expectedVersion is { } expected && expected != incident.Version)
                return Result<IncidentDto>.PreconditionFailed($"Incident {incident.Id} is at version {incident.Version}, not {expected}: read it again and retry.");
            var deadlines = IncidentViews.Deadlines(incident, IncidentViews.IsHighRisk(change.System), data);
            var deadline = deadlines.FirstOrDefault(d => d.Regime == input.Regime && d.Obligation == input.Obligation);
            if (deadline is null)
                return Result<IncidentDto>.Invalid("obligation", $"incident {incident.Id} has no deadline {WireName.Of(input.Regime!.Value)}/{input.Obligation}; its deadlines are "
                    + (deadlines.Count == 0 ? "none" : string.Join(", ", deadlines.Select(d => $"{WireName.Of(d.Regime)}/{d.Obligation}"))));
            if (deadline.MetAt is not null)
                return Result<IncidentDto>.Conflict($"{deadline.Label} was already recorded as met at {ReportIncident.Stamp(deadline.MetAt.Value)}.");
            var metAt = input.MetAt ?? change.Now;
            if (metAt > change.Now)
                return Result<IncidentDto>.Invalid("met_at", $"must not be in the future (now is {ReportIncident.Stamp(change.Now)})");
            if (metAt < incident.AwareAt)
                return Result<IncidentDto>.Invalid("met_at", $"must not be before aware_at ({ReportIncident.Stamp(incident.AwareAt)})");
            await IncidentChanges.MarkMetAsync(incident, deadline.Regime, deadline.Obligation, metAt, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), change, ct);
            incident.Version++;
            await change.FlushAsync(ct);
            return Result<IncidentDto>.Ok(await IncidentViews.ToDtoAsync(db, data, change.Now, incident, ct));
        }, ct);
    }
}
