using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Portfolio;

public sealed record PortfolioSummary(
    int Systems, int ModelVersions, int Datasets, int Deployments,
    IReadOnlyDictionary<string, int> ByStage, IReadOnlyDictionary<string, int> ByTier,
    IReadOnlyDictionary<string, int> ByEuAiActClass, IReadOnlyDictionary<string, int> ByBusinessUnit);

/// <summary>The portfolio at a glance: how many systems in each stage, tier and EU AI Act class.</summary>
public sealed class GetPortfolioSummary(AttestDbContext db, Access access)
{
    public const string Unclassified = "unclassified";

    /// <summary>The systems in <paramref name="scope"/> (and the datasets they may read).</summary>
    public async Task<PortfolioSummary> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id).Select(s => new { s.Stage, s.Tier, s.EuAiActClass, s.BusinessUnit }).ToListAsync(ct);
        return new PortfolioSummary(
            rows.Count,
            await scope.Filter(db.ModelVersions.AsNoTracking(), v => v.SystemId).CountAsync(ct),
            (await access.ReadableDatasetIdsAsync(scope, ct))?.Count ?? await db.Datasets.CountAsync(ct),
            await scope.Filter(db.Deployments.AsNoTracking(), d => d.SystemId).CountAsync(ct),
            Enum.GetValues<LifecycleStage>().ToDictionary(SnakeCase.FromEnum, stage => rows.Count(r => r.Stage == stage)),
            Count(rows.Select(r => r.Tier), Features.Inventory.Vocabulary.Tiers),
            Count(rows.Select(r => r.EuAiActClass), Features.Inventory.Vocabulary.EuAiActClasses),
            rows.GroupBy(r => r.BusinessUnit).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
    }

    private static Dictionary<string, int> Count(IEnumerable<string?> values, IReadOnlyList<string> order)
    {
        var list = values.Select(v => v ?? Unclassified).ToList();
        var result = order.ToDictionary(k => k, k => list.Count(v => v == k));
        result[Unclassified] = list.Count(v => v == Unclassified);
        foreach (var other in list.Distinct().Where(v => !result.ContainsKey(v))) result[other] = list.Count(v => v == other);
        return result;
    }
}
