using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

public sealed class GetIncident(AttestDbContext db)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        return incident is null ? Result<IncidentDto>.NotFound($"No incident '{incidentId}'.") : Result<IncidentDto>.Ok(IncidentDto.From(incident));
    }
}
