using Attest.Core.Data;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>Evidence freshness of required controls, for the views that show control statuses (system controls, compliance matrix).</summary>
internal static class EvidenceOverlay
{
    /// <summary>Per system id, per required control id: the evidence verdict today.</summary>
    public static async Task<Dictionary<string, Dictionary<string, ControlEvidence>>> ForSystemsAsync(
        AttestDbContext db, IReadOnlyDictionary<string, IReadOnlyList<Control>> requiredBySystem, DateOnly today, CancellationToken ct)
    {
        var ids = requiredBySystem.Keys.ToList();
        var evidence = (await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.SystemId) && e.Status == EvidenceStatuses.Active).ToListAsync(ct))
            .GroupBy(e => e.SystemId).ToDictionary(g => g.Key, g => g.Select(e => e.ToFacts()).ToArray());
        var result = new Dictionary<string, Dictionary<string, ControlEvidence>>(StringComparer.Ordinal);
        foreach (var (systemId, required) in requiredBySystem)
        {
            var facts = evidence.GetValueOrDefault(systemId) ?? [];
            // Only systems with evidence need their current model version looked up.
            var current = facts.Length == 0 ? null : await SystemEvidenceFacts.CurrentModelVersionAsync(db, systemId, ct);
            result[systemId] = required.ToDictionary(c => c.Id, c => EvidenceFreshness.Evaluate(c.Id, facts, current, today), StringComparer.Ordinal);
        }
        return result;
    }

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
