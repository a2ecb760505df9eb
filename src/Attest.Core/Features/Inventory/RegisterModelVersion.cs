using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Registers a new model version of a system, linked to the datasets it was trained on, and judges it against the
/// approved configuration (material change) in the same transaction.
/// </summary>
public sealed class RegisterModelVersion(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public async Task<Result<ModelVersionDto>> ExecuteAsync(string systemIdOrSlug, ModelVersionInput input, CallerIdentity caller, CancellationToken ct)
    {
        var errors = ModelVersionMapping.Validate(input);
        if (errors.Any) return errors.ToResult<ModelVersionDto>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var datasets = await db.ResolveDatasetsAsync(input.TrainingDatasets ?? [], "training_datasets", errors, ct);
            if (errors.Any) return errors.ToResult<ModelVersionDto>();
            var name = input.Name!.Trim();
            var version = input.Version!.Trim();
            if (await db.ModelVersions.AnyAsync(m => m.SystemId == system.Id && m.Name == name && m.Version == version, ct))
                return Result<ModelVersionDto>.Conflict($"System '{system.Slug}' already has model version {name}@{version}.",
                    new Dictionary<string, string[]> { ["version"] = ["already registered for this model name"] });

            var now = change.Now;
            var model = new ModelVersion { Id = ids.New("mv"), SystemId = system.Id, Name = name, Version = version, RowVersion = 1, CreatedAt = now, UpdatedAt = now };
            input.ApplyTo(model, datasets);
            db.ModelVersions.Add(model);
            system.UpdatedAt = now;
            system.Version++;
            var dto = model.ToDto(system.Slug, datasets.ToDictionary(d => d.Id));
            await change.RecordAsync(LedgerActions.ModelVersionRegistered, AttestJson.ToNode(dto), ct);
            change.Touched(model, "registered");
            return Result<ModelVersionDto>.Ok(dto);
        }, ct);
    }
}
