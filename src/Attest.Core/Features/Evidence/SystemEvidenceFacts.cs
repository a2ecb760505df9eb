using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>What evidence rules need to know about a system: its required controls and its current model version.</summary>
internal static class SystemEvidenceFacts
{
    /// <summary>The controls the system requires (<see cref="RequiredControls"/>); null while it is not classified.</summary>
    public static async Task<IReadOnlyList<Control>?> RequiredControlsAsync(AttestDbContext db, ComplianceData data, string systemId, CancellationToken ct)
    {
        var latest = await ClassificationRecords.LatestAsync(db, systemId, ct);
        return latest is null ? null : await RequiredControls.OfAsync(db, data, systemId, latest, ct);
    }

    /// <summary>
    /// The model version the system runs now: the one of its most recent active production deployment,
    /// else its most recently registered model version (ids are time-ordered); null when it has none.
    /// </summary>
    public static async Task<string?> CurrentModelVersionAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var production = await db.Deployments.AsNoTracking()
            .Where(d => d.SystemId == systemId && d.Environment == DeploymentEnvironment.Production && d.Status == DeploymentStatus.Active)
            .Select(d => new { d.Id, d.DeployedOn, d.ModelVersionId }).ToListAsync(ct);
        var deployed = production.OrderBy(d => d.DeployedOn).ThenBy(d => d.Id, StringComparer.Ordinal).LastOrDefault();
        if (deployed is not null) return deployed.ModelVersionId;
        return await db.ModelVersions.AsNoTracking().Where(m => m.SystemId == systemId)
            .OrderByDescending(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(ct);
    }

    public static EvidenceFacts ToFacts(this EvidenceItem e) =>
        new(e.Id, e.Controls, e.ModelVersionIds, e.ValidUntil, e.Status == EvidenceStatuses.Active);
}
