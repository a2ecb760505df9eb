using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Attest.Engine.Kpis;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>
/// Gathers, for every system in the reader's scope, the facts the KPIs are computed from (<see cref="SystemKpiFacts"/>):
/// tier, stage and business unit, the first intake, the board's decisions, production deployments, incidents, where the
/// system stands on its required controls (<see cref="ControlStandings"/>, the one reader the matrix and gates use) and
/// whether its monitoring covers it.
/// </summary>
internal static class KpiFactsGatherer
{
    /// <summary>
    /// The signals that make a production system covered — the monitoring coverage definition of
    /// <see cref="Monitoring.GetMonitoringCoverage"/>; a test checks both give the same counts per tier.
    /// </summary>

    public static async Task<IReadOnlyList<SystemKpiFacts>> GatherAsync(AttestDbContext db, ComplianceData data, DateOnly today, ReadScope scope, CancellationToken ct)
    {
        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id)
            .Select(s => new { s.Id, s.Tier, s.BusinessUnit, s.Stage }).ToListAsync(ct);
        var ids = systems.Select(s => s.Id).ToList();
        var intakes = await FirstIntakesAsync(db, ids, ct);
        var decisions = await DecisionsAsync(db, ids, ct);
        var live = (await db.Deployments.AsNoTracking()
                .Where(d => ids.Contains(d.SystemId) && d.Environment == DeploymentEnvironment.Production && d.DeployedOn != null)
                .Select(d => new { d.SystemId, d.DeployedOn }).ToListAsync(ct))
            .GroupBy(d => d.SystemId).ToDictionary(g => g.Key, g => g.Min(d => d.DeployedOn!.Value), StringComparer.Ordinal);
        var incidents = (await db.Incidents.AsNoTracking().Where(i => ids.Contains(i.SystemId)).ToListAsync(ct))
            .GroupBy(i => i.SystemId).ToDictionary(g => g.Key, g => g.Select(i => new KpiIncident(i.Id, i.Severity,
                i.Serious is not null || i.WidespreadInfringement || i.PersonalDataBreach, i.OccurredAt, i.AwareAt, i.TriagedAt, i.RootCause, i.ReviewedAt)).ToArray(),
                StringComparer.Ordinal);
        var controls = await ControlsAsync(db, data, today, ids, ct);
        var covered = await MonitoringCoveredAsync(db, systems.Where(s => InProduction(s.Stage)).Select(s => s.Id).ToList(), ct);
        return [.. systems.Select(s => new SystemKpiFacts(s.Id, s.Tier, s.BusinessUnit, s.Stage != LifecycleStage.Retired, InProduction(s.Stage),
            intakes.TryGetValue(s.Id, out var intake) ? intake : null, live.TryGetValue(s.Id, out var day) ? day : null,
            decisions.GetValueOrDefault(s.Id) ?? [], incidents.GetValueOrDefault(s.Id) ?? [], controls.GetValueOrDefault(s.Id), covered.Contains(s.Id)))];
    }

    /// <summary>Deployed or being monitored: in production.</summary>
    public static bool InProduction(LifecycleStage stage) => stage is LifecycleStage.Deployed or LifecycleStage.Monitoring;

    private static async Task<Dictionary<string, ControlFacts>> ControlsAsync(AttestDbContext db, ComplianceData data, DateOnly today, List<string> ids, CancellationToken ct)
    {
        var latest = await ClassificationRecords.LatestOfAllAsync(db, ct);
        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        var required = ids.Where(latest.ContainsKey).ToDictionary(id => id, id => overlay.Required(id, latest[id]), StringComparer.Ordinal);
        var standings = await ControlStandings.ForSystemsAsync(db, required, today, ct);
        var pipeline = (await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.SystemId) && e.Method != "upload").Select(e => e.Id).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var result = new Dictionary<string, ControlFacts>(StringComparer.Ordinal);
        foreach (var (systemId, ofSystem) in standings)
        {
            var counted = ofSystem.Values.Where(s => s.Status != ControlStatus.NotApplicable).ToList();
            var evidenced = counted.Where(s => s.Evidence.ValidEvidence.Count > 0).ToList();
            result[systemId] = new ControlFacts(counted.Count, counted.Count(s => s.Status == ControlStatus.Satisfied), evidenced.Count,
                evidenced.Count(s => s.Evidence.ValidEvidence.Any(pipeline.Contains)));
        }
        return result;
    }

    private static async Task<HashSet<string>> MonitoringCoveredAsync(AttestDbContext db, List<string> inProduction, CancellationToken ct)
    {
        var plans = (await db.MonitoringPlans.AsNoTracking().Where(p => inProduction.Contains(p.SystemId)).ToListAsync(ct))
            .GroupBy(p => p.SystemId).Select(g => g.OrderByDescending(p => p.Version).First());
        return plans.Where(Monitoring.GetMonitoringCoverage.Covers)
            .Select(p => p.SystemId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>When each system's first intake was answered (both the live gatherer and the as-of timeline read it).</summary>
    internal static async Task<Dictionary<string, DateTimeOffset>> FirstIntakesAsync(AttestDbContext db, List<string> ids, CancellationToken ct) =>
        (await db.IntakeVersions.AsNoTracking().Where(i => ids.Contains(i.SystemId)).Select(i => new { i.SystemId, i.AnsweredAt }).ToListAsync(ct))
            .GroupBy(i => i.SystemId).ToDictionary(g => g.Key, g => g.Min(i => i.AnsweredAt), StringComparer.Ordinal);

    /// <summary>Every decided board review per system, as the KPI calculator reads it.</summary>
    internal static async Task<Dictionary<string, KpiDecision[]>> DecisionsAsync(AttestDbContext db, List<string> ids, CancellationToken ct) =>
        (await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.SystemId) && r.Status == ReviewStatus.Decided && r.DecidedAt != null)
                .Select(r => new { r.Id, r.SystemId, r.RequestedAt, r.DueOn, r.DecidedAt, r.Decision, r.Tier, r.PinnedGateJson, r.ResidualRiskAcceptedBy }).ToListAsync(ct))
            .GroupBy(r => r.SystemId).ToDictionary(g => g.Key, g => g.Select(r => new KpiDecision(r.Id, r.RequestedAt, r.DueOn, r.DecidedAt!.Value,
                r.Decision is BoardDecision.Go or BoardDecision.ConditionalGo, r.Tier is Engine.Classification.RiskTier.High or Engine.Classification.RiskTier.Critical,
                Gates.GetReviewMetrics.ReliesOnWaivers(r.PinnedGateJson), r.ResidualRiskAcceptedBy is not null)).ToArray(), StringComparer.Ordinal);
}
