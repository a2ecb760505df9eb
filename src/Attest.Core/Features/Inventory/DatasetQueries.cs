using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>A dataset, the systems that use it (directly or through derived datasets), and its ancestry.</summary>
public sealed record DatasetUsage(DatasetDto Dataset, IReadOnlyList<DatasetRef> Ancestors, IReadOnlyList<DatasetRef> Descendants, IReadOnlyList<DatasetUse> UsedBy);

/// <summary>One model version that uses the dataset; <paramref name="Via"/> is the derived dataset it was trained on, when not the dataset itself.</summary>
public sealed record DatasetUse(string SystemId, string SystemSlug, string SystemName, string ModelVersionId, string Model, DatasetRef? Via);

/// <summary>The datasets the caller may read (<see cref="Access.CanReadDatasetAsync"/>), by name.</summary>
public sealed class ListDatasets(AttestDbContext db, Access access)
{
    public async Task<IReadOnlyList<DatasetDto>> ExecuteAsync(string? query, ReadScope scope, CancellationToken ct)
    {
        var all = await db.Datasets.AsNoTracking().Include(d => d.Parents).ToListAsync(ct);
        var byId = all.ToDictionary(d => d.Id);
        var readable = await access.ReadableDatasetIdsAsync(scope, ct);
        var q = query?.Trim().ToLowerInvariant();
        return all.Where(d => readable is null || readable.Contains(d.Id))
            .Where(d => string.IsNullOrEmpty(q) || d.Slug.Contains(q, StringComparison.Ordinal) || d.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || d.Owner.Contains(q, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.Name, StringComparer.Ordinal).Select(d => d.ToDto(byId)).ToList();
    }
}

/// <summary>
/// "Which systems use dataset X?" — answered through lineage: a model trained on a dataset derived from X uses X too.
/// Only the uses by systems in the caller's read scope are listed.
/// </summary>
public sealed class GetDatasetUsage(AttestDbContext db)
{
    public async Task<Result<DatasetUsage>> ExecuteAsync(string idOrSlug, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var all = await db.Datasets.AsNoTracking().Include(d => d.Parents).ToListAsync(ct);
        var dataset = all.FirstOrDefault(d => d.Id == idOrSlug || d.Slug == idOrSlug);
        if (dataset is null) return Result<DatasetUsage>.NotFound($"No dataset '{idOrSlug}'.");
        var byId = all.ToDictionary(d => d.Id);

        var ancestors = Walk(dataset.Id, id => byId[id].Parents.Select(p => p.ParentId));
        var descendants = Walk(dataset.Id, id => all.Where(d => d.Parents.Any(p => p.ParentId == id)).Select(d => d.Id));
        var relevant = descendants.Append(dataset.Id).ToList();
        var uses = await db.ModelTrainingDatasets.AsNoTracking()
            .Where(t => relevant.Contains(t.DatasetId))
            .Select(t => new { t.DatasetId, t.ModelVersionId, t.ModelVersion!.Name, t.ModelVersion.Version, t.ModelVersion.SystemId, Slug = t.ModelVersion.System!.Slug, SystemName = t.ModelVersion.System.Name })
            .ToListAsync(ct);
        var usedBy = scope.Filter(uses, u => u.SystemId)
            .Select(u => new DatasetUse(u.SystemId, u.Slug, u.SystemName, u.ModelVersionId, $"{u.Name}@{u.Version}",
                u.DatasetId == dataset.Id ? null : Ref(byId[u.DatasetId])))
            .OrderBy(u => u.SystemSlug, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal).ToList();
        return Result<DatasetUsage>.Ok(new DatasetUsage(dataset.ToDto(byId),
            ancestors.Select(id => Ref(byId[id])).ToList(), descendants.Select(id => Ref(byId[id])).ToList(), usedBy));
    }

    private static DatasetRef Ref(Dataset d) => new(d.Id, d.Slug, d.Name);

    private static List<string> Walk(string start, Func<string, IEnumerable<string>> next)
    {
        var seen = new List<string>();
        var frontier = new Queue<string>(next(start));
        while (frontier.TryDequeue(out var id))
        {
            if (seen.Contains(id) || id == start) continue;
            seen.Add(id);
            foreach (var n in next(id)) frontier.Enqueue(n);
        }
        return seen;
    }
}
