using Attest.Core.Data;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>The plan in force of a system (its newest version); its secrets are read only to sign (<see cref="RouteSecrets"/>).</summary>
public static class MonitoringPlans
{
    public static Task<MonitoringPlanVersion?> InForceAsync(AttestDbContext db, string systemId, CancellationToken ct) =>
        db.MonitoringPlans.AsNoTracking().Where(p => p.SystemId == systemId).OrderByDescending(p => p.Version).FirstOrDefaultAsync(ct);

    public static MonitoringPlan Plan(MonitoringPlanVersion row) => MonitoringPlanReader.FromStored(row.DocumentJson);


    /// <summary>Feature and attribute names the system's latest decisions carry (what a plan may name).</summary>
    public static async Task<PlanVocabulary> VocabularyAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var rows = await db.Decisions.AsNoTracking().Where(d => d.SystemId == systemId).OrderByDescending(d => d.OccurredAt).Take(1000)
            .Select(d => new { d.FeaturesJson, d.AttributesJson }).ToListAsync(ct);
        var evidence = (await db.Evidence.AsNoTracking().Where(e => e.SystemId == systemId).Select(e => e.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        // A system that has logged nothing yet has no vocabulary to check against: its plan is taken as written.
        if (rows.Count == 0) return new PlanVocabulary(null, null, evidence);
        var features = new HashSet<string>(StringComparer.Ordinal);
        var attributes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            DecisionFields.AddKeys(r.FeaturesJson, features);
            DecisionFields.AddKeys(r.AttributesJson, attributes);
        }
        return new PlanVocabulary(features, attributes, evidence);
    }
}
