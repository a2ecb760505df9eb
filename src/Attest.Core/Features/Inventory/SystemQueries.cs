using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

internal static class SystemQueries
{
    /// <summary>A system with everything its detail view shows, tracked for update.</summary>
    public static Task<AiSystem?> LoadFullAsync(this AttestDbContext db, string idOrSlug, CancellationToken ct) =>
        db.Systems.WhereIdOrSlug(idOrSlug)
            .Include(s => s.ModelVersions).ThenInclude(m => m.TrainingDatasets)
            .Include(s => s.Deployments)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);

    public static async Task<SystemDetails> ToDetailsAsync(this AttestDbContext db, AiSystem system, CancellationToken ct)
    {
        var ids = system.ModelVersions.SelectMany(m => m.TrainingDatasets).Select(t => t.DatasetId).Distinct().ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        return system.ToDetails(datasets);
    }
}
