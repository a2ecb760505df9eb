using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;

namespace Attest.Core.Features.Compliance;

/// <summary>A system's classification: the computed result of its latest intake and any override beside it.</summary>
public sealed class GetClassification(AttestDbContext db, TimeProvider time, ComplianceData data)
{
    public async Task<Result<SystemClassificationView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemClassificationView>.NotFound($"No AI system '{idOrSlug}'.");
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null)
            return Result<SystemClassificationView>.NotFound($"AI system '{system.Slug}' has not been classified yet: answer its intake first.");
        return Result<SystemClassificationView>.Ok(ClassificationRecords.ToView(system, latest, data, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
    }
}
