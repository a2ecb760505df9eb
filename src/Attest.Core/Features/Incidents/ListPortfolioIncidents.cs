using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>An incident in the portfolio list, with the system it belongs to and its next deadline still running.</summary>
public sealed record PortfolioIncidentDto(IncidentDto Incident, string SystemSlug, string SystemName, IncidentDeadlineDto? NextDeadline);

/// <summary>
/// The incidents of every system the caller may read, those not closed first, each with its nearest running (or overdue)
/// deadline, so a handler sees what is due next across the portfolio.
/// </summary>
public sealed class ListPortfolioIncidents(AttestDbContext db, IncidentData data, TimeProvider time)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<PortfolioIncidentDto>> ExecuteAsync(ReadScope scope, bool openOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Filter(db.Incidents.AsNoTracking(), i => i.SystemId);
        if (openOnly) query = query.Where(i => i.Status != IncidentStatus.Closed);
        var incidents = await query.OrderByDescending(i => i.ReportedAt).ThenByDescending(i => i.Id).Take(Limit).ToListAsync(ct);
        var systemIds = incidents.Select(i => i.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var repeats = await IncidentViews.RepeatsAsync(db, incidents, ct);
        var now = time.GetUtcNow();
        return incidents
            .Select(i =>
            {
                var system = systems[i.SystemId];
                var dto = IncidentViews.ToDto(i, system, data, now, repeats.GetValueOrDefault(i.Id) ?? [], []);
                var next = dto.Deadlines.Where(d => d.MetAt is null).OrderBy(d => d.DueAt).FirstOrDefault();
                return new PortfolioIncidentDto(dto, system.Slug, system.Name, next);
            })
            .OrderBy(r => r.Incident.Status == IncidentStatus.Closed)
            .ThenBy(r => r.NextDeadline?.DueAt ?? DateTimeOffset.MaxValue)
            .ToArray();
    }
}
