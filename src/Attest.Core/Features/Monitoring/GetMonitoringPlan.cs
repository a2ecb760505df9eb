using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>A system's monitoring plan in force (secrets never leave the server), with its version list.</summary>
public sealed class GetMonitoringPlan(AttestDbContext db)
{
    public async Task<Result<MonitoringPlanView>> ExecuteAsync(string systemIdOrSlug, int? version, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => new { s.Id, s.Slug }).FirstOrDefaultAsync(ct);
        if (system is null) return Result<MonitoringPlanView>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var versions = await db.MonitoringPlans.AsNoTracking().Where(p => p.SystemId == system.Id).OrderByDescending(p => p.Version).Select(p => p.Version).ToListAsync(ct);
        if (versions.Count == 0) return Result<MonitoringPlanView>.NotFound($"AI system '{system.Slug}' has no monitoring plan yet.");
        var wanted = version ?? versions[0];
        var row = await db.MonitoringPlans.AsNoTracking().FirstOrDefaultAsync(p => p.SystemId == system.Id && p.Version == wanted, ct);
        if (row is null) return Result<MonitoringPlanView>.NotFound($"AI system '{system.Slug}' has no monitoring plan version {wanted}.");
        return Result<MonitoringPlanView>.Ok(new MonitoringPlanView(system.Slug, row.Version, row.Sha256, (JsonObject)JsonNode.Parse(row.DocumentJson)!,
            row.CreatedBy, row.CreatedAt, row.OperationalAt is not null, row.OperationalAt, versions));
    }
}
