using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>One incident with its deadlines (time left from now), containment, review and repeat findings.</summary>
public sealed class GetIncident(AttestDbContext db, IncidentData data, TimeProvider time)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        return incident is null
            ? Result<IncidentDto>.NotFound($"No incident '{incidentId}'.")
            : Result<IncidentDto>.Ok(await IncidentViews.ToDtoAsync(db, data, time.GetUtcNow(), incident, ct));
    }
}
