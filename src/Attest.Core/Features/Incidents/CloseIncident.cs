using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>Closes an open incident with its resolution; from then on it no longer blocks gates.</summary>
public sealed class CloseIncident(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, IncidentClosureInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("resolution", input.Resolution);
        errors.MaxLength("resolution", input.Resolution, ReportIncident.MaxTextLength);
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsClose,
            WriteTarget.SystemOf(db.Incidents.Where(x => x.Id == incidentId).Select(x => x.SystemId), $"No incident '{incidentId}'."), async change =>
        {
            var incident = await db.Incidents.FirstAsync(x => x.Id == incidentId, ct);
            if (expectedVersion is { } expected && expected != incident.Version)
                return Result<IncidentDto>.PreconditionFailed($"Incident {incident.Id} is at version {incident.Version}, not {expected}: read it again and retry.");
            if (incident.Status == IncidentStatus.Closed)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} is already closed (by {incident.ClosedBy}).");

            incident.Status = IncidentStatus.Closed;
            incident.Resolution = input.Resolution!.Trim();
            incident.ClosedBy = change.Actor.Id;
            incident.ClosedAt = change.Now;
            incident.Version++;
            await change.RecordAsync(LedgerActions.IncidentClosed, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["severity"] = WireName.Of(incident.Severity),
                ["resolution"] = incident.Resolution,
                ["version"] = incident.Version,
            }, ct);
            return Result<IncidentDto>.Ok(IncidentDto.From(incident));
        }, ct);
    }
}
