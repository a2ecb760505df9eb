using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// Closes an incident with its resolution; from then on it no longer blocks gates. A severe or critical incident closes
/// only after its post-incident review (409 otherwise); the workflow decides (Engine <see cref="IncidentWorkflow"/>).
/// </summary>
public sealed class CloseIncident(AttestDbContext db, GovernedWrites writes, IncidentData data)
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
            if (IncidentWorkflow.Refusal(incident.Status, IncidentStatus.Closed, incident.Severity, incident.RootCause is not null) is { } refusal)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} cannot close: {refusal}.");
            return Result<IncidentDto>.Ok(await CloseAsync(db, data, incident, input.Resolution!, change, ct));
        }, ct);
    }

    internal static async Task<IncidentDto> CloseAsync(AttestDbContext db, IncidentData data, Incident incident, string resolution, GovernedChange change, CancellationToken ct)
    {
        var from = incident.Status;
        incident.Status = IncidentStatus.Closed;
        incident.Resolution = resolution.Trim();
        incident.ClosedBy = change.Actor.Id;
        incident.ClosedAt = change.Now;
        incident.ResolvedAt ??= change.Now;
        incident.Version++;
        await change.RecordAsync(LedgerActions.IncidentClosed, new JsonObject
        {
            ["incident_id"] = incident.Id,
            ["severity"] = WireName.Of(incident.Severity),
            ["from"] = WireName.Of(from),
            ["resolution"] = incident.Resolution,
            ["version"] = incident.Version,
        }, ct);
        await change.FlushAsync(ct);
        return await IncidentViews.ToDtoAsync(db, data, change.Now, incident, ct);
    }
}
