using Attest.Core.Data;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The one reader of where a system stands on each required control today: the status people recorded, evidence
/// freshness and the waivers of the system as a whole, decided by <see cref="ControlStanding.Decide"/> — the decision the
/// gate makes from its snapshot. The controls page, the compliance matrix, the standing API and the CLI read this.
/// </summary>
internal static class ControlStandings
{
    /// <summary>Per system id, per required control id (in the order given): the standing today.</summary>
    public static async Task<Dictionary<string, IReadOnlyDictionary<string, ControlStanding>>> ForSystemsAsync(
        AttestDbContext db, IReadOnlyDictionary<string, IReadOnlyList<Control>> requiredBySystem, DateOnly today, CancellationToken ct)
    {
        var ids = requiredBySystem.Keys.ToList();
        var evidence = await Evidence.EvidenceOverlay.ForSystemsAsync(db, requiredBySystem, today, ct);
        var recorded = (await db.ControlStatuses.AsNoTracking().Where(s => ids.Contains(s.SystemId)).ToListAsync(ct))
            .GroupBy(s => s.SystemId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.ControlId, s => s.Status, StringComparer.Ordinal));
        // The waivers the gate of the system as a whole counts: those not tied to one model version.
        var waivers = (await db.Waivers.AsNoTracking().Where(w => ids.Contains(w.SystemId) && w.ModelVersionId == null).ToListAsync(ct))
            .GroupBy(w => w.SystemId).ToDictionary(g => g.Key, g => g.Select(w => new WaiverFact(w.Id, w.ControlId, w.State, w.ExpiresOn)).ToArray());
        var result = new Dictionary<string, IReadOnlyDictionary<string, ControlStanding>>(StringComparer.Ordinal);
        foreach (var (systemId, required) in requiredBySystem)
        {
            var own = recorded.GetValueOrDefault(systemId);
            var ownWaivers = waivers.GetValueOrDefault(systemId) ?? [];
            result[systemId] = required.ToDictionary(c => c.Id, c => ControlStanding.Decide(
                own?.GetValueOrDefault(c.Id, ControlStatus.NotStarted) ?? ControlStatus.NotStarted, evidence[systemId][c.Id], ownWaivers, today),
                StringComparer.Ordinal);
        }
        return result;
    }
}
