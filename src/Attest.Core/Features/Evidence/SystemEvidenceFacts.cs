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
    public static async Task<string?> CurrentModelVersionAsync(AttestDbContext db, string systemId, CancellationToken ct) =>
        (await CurrentModelVersionsAsync(db, [systemId], ct)).GetValueOrDefault(systemId);

    /// <summary>The model version each of <paramref name="systemIds"/> runs now (<see cref="CurrentModelVersionAsync"/>), in two queries.</summary>
    public static async Task<Dictionary<string, string?>> CurrentModelVersionsAsync(AttestDbContext db, IReadOnlyCollection<string> systemIds, CancellationToken ct)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (systemIds.Count == 0) return result;
        var many = systemIds.Count > 500;
        var production = (await db.Deployments.AsNoTracking()
                .Where(d => (many || systemIds.Contains(d.SystemId)) && d.Environment == DeploymentEnvironment.Production && d.Status == DeploymentStatus.Active)
                .Select(d => new { d.SystemId, d.Id, d.DeployedOn, d.ModelVersionId }).ToListAsync(ct))
            .GroupBy(d => d.SystemId).ToDictionary(g => g.Key, g => g.OrderBy(d => d.DeployedOn).ThenBy(d => d.Id, StringComparer.Ordinal).Last().ModelVersionId, StringComparer.Ordinal);
        var newest = (await db.ModelVersions.AsNoTracking().Where(m => many || systemIds.Contains(m.SystemId)).Select(m => new { m.SystemId, m.Id }).ToListAsync(ct))
            .GroupBy(m => m.SystemId).ToDictionary(g => g.Key, g => g.Select(m => m.Id).Max(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var id in systemIds)
            result[id] = production.TryGetValue(id, out var deployed) ? deployed : newest.GetValueOrDefault(id);
        return result;
    }

    public static EvidenceFacts ToFacts(this EvidenceItem e) =>
        new(e.Id, e.Controls, e.ModelVersionIds, e.ValidUntil, e.Status == EvidenceStatuses.Active);
}
