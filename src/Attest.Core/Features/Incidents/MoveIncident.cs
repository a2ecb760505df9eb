using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// Moves an incident one step along its workflow (open → triaged → contained → resolved → closed). A move the workflow
/// forbids answers 409 with the reason; closing goes through the same rule as <see cref="CloseIncident"/> and needs a resolution.
/// </summary>
public sealed class MoveIncident(AttestDbContext db, GovernedWrites writes, IncidentData data)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, IncidentMoveInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Status is null)
            errors.Add("status", $"is required: one of {string.Join(" | ", WireName.All<IncidentStatus>())}");
        errors.MaxLength("note", input.Note, ReportIncident.MaxTextLength);
        errors.MaxLength("resolution", input.Resolution, ReportIncident.MaxTextLength);
        if (input.Status == IncidentStatus.Closed)
            errors.Required("resolution", input.Resolution);
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, input.Status == IncidentStatus.Closed ? Permissions.IncidentsClose : Permissions.IncidentsHandle,
            WriteTarget.SystemOf(db.Incidents.Where(x => x.Id == incidentId).Select(x => x.SystemId), $"No incident '{incidentId}'."), async change =>
        {
            var incident = await db.Incidents.FirstAsync(x => x.Id == incidentId, ct);
            if (expectedVersion is { } expected && expected != incident.Version)
                return Result<IncidentDto>.PreconditionFailed($"Incident {incident.Id} is at version {incident.Version}, not {expected}: read it again and retry.");
            var to = input.Status!.Value;
            if (IncidentWorkflow.Refusal(incident.Status, to, incident.Severity, incident.RootCause is not null) is { } refusal)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} cannot move to {WireName.Of(to)}: {refusal}.");
            if (to == IncidentStatus.Closed)
                return Result<IncidentDto>.Ok(await CloseIncident.CloseAsync(db, data, incident, input.Resolution!, change, ct));
            await IncidentChanges.MoveAsync(incident, to, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(), change, ct);
            incident.Version++;
            await change.FlushAsync(ct);
            return Result<IncidentDto>.Ok(await IncidentViews.ToDtoAsync(db, data, change.Now, incident, ct));
        }, ct);
    }
}
