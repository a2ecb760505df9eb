using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>Of a tier's systems in production, how many have a plan and how many are covered (see <see cref="GetMonitoringCoverage"/>).</summary>
public sealed record TierCoverage(string Tier, int InProduction, int WithPlan, int Covered)
{
    public double? Share => InProduction == 0 ? null : (double)Covered / InProduction;
}

public sealed record MonitoringCoverageView(IReadOnlyList<TierCoverage> Tiers, double Target);

/// <summary>
/// Monitoring coverage, the KPI responsible-AI programmes are judged by: of the systems in production (deployed or
/// monitored), per internal risk tier, those whose plan in force watches the model itself — performance, fairness, drift
/// or prediction drift — and whose alert routing is proven by a test delivery. The programme target is 95 % of high-risk
/// systems.
/// </summary>
public sealed class GetMonitoringCoverage(AttestDbContext db)
{
    public const double Target = 0.95;

    private static readonly HashSet<SignalKind> ModelSignals = [SignalKind.Performance, SignalKind.Fairness, SignalKind.Drift, SignalKind.PredictionDrift];

    /// <summary>The one rule: a plan in force counts when it watches the model and a test delivery proved its routing.</summary>
    internal static bool Covers(MonitoringPlanVersion plan) =>
        plan.OperationalAt is not null && MonitoringPlans.Plan(plan).Signals.Any(signal => ModelSignals.Contains(signal.Kind));

    public async Task<MonitoringCoverageView> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id)
            .Where(s => s.Stage == LifecycleStage.Deployed || s.Stage == LifecycleStage.Monitoring)
            .Select(s => new { s.Id, s.Tier }).ToListAsync(ct);
        var ids = systems.Select(s => s.Id).ToList();
        var plans = (await db.MonitoringPlans.AsNoTracking().Where(p => ids.Contains(p.SystemId)).ToListAsync(ct))
            .GroupBy(p => p.SystemId).ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Version).First());
        var tiers = Inventory.Vocabulary.Tiers.Concat(systems.Select(s => s.Tier ?? Portfolio.GetPortfolioSummary.Unclassified)).Distinct().ToList();
        var rows = tiers.Select(tier =>
        {
            var ofTier = systems.Where(s => (s.Tier ?? Portfolio.GetPortfolioSummary.Unclassified) == tier).ToList();
            var withPlan = ofTier.Where(s => plans.ContainsKey(s.Id)).ToList();
            var covered = withPlan.Count(s => Covers(plans[s.Id]));
            return new TierCoverage(tier, ofTier.Count, withPlan.Count, covered);
        }).Where(r => r.InProduction > 0 || Inventory.Vocabulary.Tiers.Contains(r.Tier)).ToArray();
        return new MonitoringCoverageView(rows, Target);
    }
}
