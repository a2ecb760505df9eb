using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>A system's incidents, open and closed, newest first.</summary>
public sealed class ListIncidents(AttestDbContext db)
{
    public async Task<Result<IReadOnlyList<IncidentDto>>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null)
            return Result<IReadOnlyList<IncidentDto>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.SystemId == system.Id).OrderByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id).ToListAsync(ct);
        return Result<IReadOnlyList<IncidentDto>>.Ok(incidents.Select(IncidentDto.From).ToArray());
    }
}
