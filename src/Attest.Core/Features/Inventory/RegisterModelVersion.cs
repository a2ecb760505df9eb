using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Registers a new model version of a system, linked to the datasets it was trained on, and judges it against the
/// approved configuration (material change) in the same transaction.
/// </summary>
public sealed class RegisterModelVersion(AttestDbContext db, TimeProvider time, IdGenerator ids, GateData gates, BlobStore blobs)
{
    public async Task<Result<ModelVersionDto>> ExecuteAsync(string systemIdOrSlug, ModelVersionInput input, Actor actor, CancellationToken ct)
    {
        var errors = ModelVersionMapping.Validate(input);
        if (errors.Any) return errors.ToResult<ModelVersionDto>();

        return await db.InTransactionAsync(async () =>
        {
            var system = await db.FindSystemAsync(systemIdOrSlug, ct);
            if (system is null) return Result<ModelVersionDto>.NotFound($"No AI system '{systemIdOrSlug}'.");
            var datasets = await db.ResolveDatasetsAsync(input.TrainingDatasets ?? [], "training_datasets", errors, ct);
            if (errors.Any) return errors.ToResult<ModelVersionDto>();
            var name = input.Name!.Trim();
            var version = input.Version!.Trim();
            if (await db.ModelVersions.AnyAsync(m => m.SystemId == system.Id && m.Name == name && m.Version == version, ct))
                return Result<ModelVersionDto>.Conflict($"System '{system.Slug}' already has model version {name}@{version}.",
                    new Dictionary<string, string[]> { ["version"] = ["already registered for this model name"] });

            var now = time.GetUtcNow();
            var model = new ModelVersion { Id = ids.New("mv"), SystemId = system.Id, Name = name, Version = version, RowVersion = 1, CreatedAt = now, UpdatedAt = now };
            input.ApplyTo(model, datasets);
            db.ModelVersions.Add(model);
            system.UpdatedAt = now;
            system.Version++;
            var dto = model.ToDto(system.Slug, datasets.ToDictionary(d => d.Id));
            await LedgerWriter.AppendAsync(db, time, actor, "model_version.registered", $"system:{system.Id}", AttestJson.ToNode(dto), ct);
            await MaterialChangeRecorder.AssessAsync(db, time, ids, gates, blobs, system, model, "registered", actor, ct);
            return Result<ModelVersionDto>.Ok(dto);
        }, ct);
    }
}
