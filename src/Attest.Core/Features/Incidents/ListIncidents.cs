using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>A system's incidents, open and closed, newest first, each with its deadlines.</summary>
public sealed class ListIncidents(AttestDbContext db, IncidentData data, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<IncidentDto>>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null)
            return Result<IReadOnlyList<IncidentDto>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.SystemId == system.Id).OrderByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id).ToListAsync(ct);
        var repeats = await IncidentViews.RepeatsAsync(db, incidents, ct);
        var ids = incidents.Select(i => i.Id).ToList();
        var actions = (await db.Actions.AsNoTracking().Where(a => a.IncidentId != null && ids.Contains(a.IncidentId)).Select(a => new { a.IncidentId, a.Id, a.Sequence }).ToListAsync(ct))
            .GroupBy(a => a.IncidentId!).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(a => a.Sequence).Select(a => a.Id).ToArray());
        var now = time.GetUtcNow();
        return Result<IReadOnlyList<IncidentDto>>.Ok(incidents.Select(i => IncidentViews.ToDto(i, system, data, now,
            repeats.GetValueOrDefault(i.Id) ?? [], actions.GetValueOrDefault(i.Id) ?? [])).ToArray());
    }
}
