using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Corrects a model version's metadata (PUT semantics), guarded by its row version; a material change to an approved
/// version makes its approval lapse (<see cref="MaterialChangeRecorder"/>).
/// </summary>
public sealed class UpdateModelVersion(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<ModelVersionDto>> ExecuteAsync(string systemIdOrSlug, string modelVersionId, ModelVersionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        var errors = ModelVersionMapping.Validate(input);
        if (errors.Any) return errors.ToResult<ModelVersionDto>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var model = await db.ModelVersions.Include(m => m.TrainingDatasets)
                .FirstOrDefaultAsync(m => m.SystemId == system.Id && m.Id == modelVersionId, ct);
            if (model is null) return Result<ModelVersionDto>.NotFound($"No model version '{modelVersionId}' in system '{systemIdOrSlug}'.");
            if (expectedVersion is { } expected && expected != model.RowVersion)
                return Result<ModelVersionDto>.PreconditionFailed($"Model version {model.Label} is at revision {model.RowVersion}, not {expected}.");
            var datasets = await db.ResolveDatasetsAsync(input.TrainingDatasets ?? [], "training_datasets", errors, ct);
            if (errors.Any) return errors.ToResult<ModelVersionDto>();
            var name = input.Name!.Trim();
            var version = input.Version!.Trim();
            if ((name != model.Name || version != model.Version) && await db.ModelVersions.AnyAsync(m => m.SystemId == system.Id && m.Name == name && m.Version == version, ct))
                return Result<ModelVersionDto>.Conflict($"System '{system.Slug}' already has model version {name}@{version}.");

            var oldIds = model.TrainingDatasets.Select(t => t.DatasetId).ToList();
            var all = await db.Datasets.AsNoTracking().Where(d => oldIds.Contains(d.Id)).ToListAsync(ct);
            var before = model.ToDto(system.Slug, all.Concat(datasets).DistinctBy(d => d.Id).ToDictionary(d => d.Id));
            input.ApplyTo(model, datasets);
            model.RowVersion++;
            model.UpdatedAt = change.Now;
            system.UpdatedAt = model.UpdatedAt;
            system.Version++;
            var after = model.ToDto(system.Slug, datasets.ToDictionary(d => d.Id));
            await change.RecordAsync(LedgerActions.ModelVersionUpdated, new JsonObject { ["before"] = AttestJson.ToNode(before), ["after"] = AttestJson.ToNode(after) }, ct);
            change.Touched(model, "updated");
            return Result<ModelVersionDto>.Ok(after);
        }, ct);
    }
}
