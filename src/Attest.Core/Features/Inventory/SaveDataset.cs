using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Registers a dataset, or replaces one (PUT), with its lineage to parent datasets. Lineage must stay
/// a DAG: a dataset cannot descend from itself.
/// </summary>
public sealed class SaveDataset(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public async Task<Result<DatasetDto>> RegisterAsync(DatasetInput input, CallerIdentity caller, CancellationToken ct) =>
        await SaveAsync(null, input, null, caller, ct);

    public async Task<Result<DatasetDto>> UpdateAsync(string idOrSlug, DatasetInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct) =>
        await SaveAsync(idOrSlug, input, expectedVersion, caller, ct);

    private async Task<Result<DatasetDto>> SaveAsync(string? idOrSlug, DatasetInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        var errors = DatasetMapping.Validate(input);
        if (errors.Any) return errors.ToResult<DatasetDto>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.Dataset(idOrSlug), async change =>
        {
            var dataset = change.Dataset;
            if (dataset is not null)
            {
                if (expectedVersion is { } expected && expected != dataset.Version)
                    return Result<DatasetDto>.PreconditionFailed($"Dataset '{dataset.Slug}' is at version {dataset.Version}, not {expected}.");
            }
            if ((dataset is null || dataset.Slug != input.Slug) && await db.Datasets.AnyAsync(d => d.Slug == input.Slug, ct))
                return Result<DatasetDto>.Conflict($"A dataset with slug '{input.Slug}' already exists.", new Dictionary<string, string[]> { ["slug"] = ["is already taken"] });

            var parents = await db.ResolveDatasetsAsync(input.Parents ?? [], "parents", errors, ct);
            if (dataset is not null && parents.Count > 0)
            {
                var descendants = await DescendantsAsync(dataset.Id, ct);
                foreach (var p in parents.Where(p => p.Id == dataset.Id || descendants.Contains(p.Id)))
                    errors.Add("parents", $"'{p.Slug}' is derived from '{dataset.Slug}': lineage cannot loop");
            }
            if (errors.Any) return errors.ToResult<DatasetDto>();

            var now = change.Now;
            JsonNode? before = null;
            if (dataset is null)
            {
                dataset = new Dataset { Id = ids.New("ds"), Slug = input.Slug!, Name = "", Source = "", Owner = "", Version = 1, CreatedAt = now };
                db.Datasets.Add(dataset);
            }
            else
            {
                var oldParentIds = dataset.Parents.Select(p => p.ParentId).ToList();
                var oldParents = await db.Datasets.AsNoTracking().Where(d => oldParentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
                before = AttestJson.ToNode(dataset.ToDto(oldParents));
                dataset.Version++;
            }
            input.ApplyTo(dataset);
            dataset.UpdatedAt = now;
            var wanted = parents.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            dataset.Parents.RemoveAll(p => !wanted.Contains(p.ParentId));
            foreach (var id in wanted.Where(id => dataset.Parents.All(p => p.ParentId != id)))
                dataset.Parents.Add(new DatasetLineage { ChildId = dataset.Id, ParentId = id });

            var dto = dataset.ToDto(parents.ToDictionary(p => p.Id));
            var payload = before is null ? AttestJson.ToNode(dto) : new JsonObject { ["before"] = before, ["after"] = AttestJson.ToNode(dto) };
            await change.RecordAsync(before is null ? LedgerActions.DatasetRegistered : LedgerActions.DatasetUpdated, dataset, payload, ct);
            return Result<DatasetDto>.Ok(dto);
        }, ct);
    }

    private async Task<HashSet<string>> DescendantsAsync(string datasetId, CancellationToken ct)
    {
        var edges = await db.DatasetLineage.AsNoTracking().Select(e => new { e.ChildId, e.ParentId }).ToListAsync(ct);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var frontier = new Queue<string>([datasetId]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var child in edges.Where(e => e.ParentId == current).Select(e => e.ChildId))
            {
                if (found.Add(child)) frontier.Enqueue(child);
            }
        }
        return found;
    }
}
