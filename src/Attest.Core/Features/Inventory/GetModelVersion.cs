using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

public sealed class GetModelVersion(AttestDbContext db)
{
    public async Task<Result<ModelVersionDto>> ExecuteAsync(string systemIdOrSlug, string modelVersionId, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).FirstOrDefaultAsync(ct);
        var model = system is null ? null : await db.ModelVersions.AsNoTracking().Include(m => m.TrainingDatasets)
            .FirstOrDefaultAsync(m => m.SystemId == system.Id && m.Id == modelVersionId, ct);
        if (system is null || model is null) return Result<ModelVersionDto>.NotFound($"No model version '{modelVersionId}' in system '{systemIdOrSlug}'.");
        var ids = model.TrainingDatasets.Select(t => t.DatasetId).ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return Result<ModelVersionDto>.Ok(model.ToDto(system.Slug, datasets));
    }
}
