using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>The latest active fairness report stored as evidence for a model version (or for the whole system).</summary>
internal static class StoredFairness
{
    public static async Task<FairnessEvidence?> LatestAsync(AttestDbContext db, BlobStore blobs, string systemId, string modelId, CancellationToken ct)
    {
        var candidates = (await db.Evidence.AsNoTracking()
                .Where(e => e.SystemId == systemId && e.Type == "fairness_report" && e.Status == EvidenceStatuses.Active).ToListAsync(ct))
            .Where(e => e.ModelVersionIds.Count == 0 || e.ModelVersionIds.Contains(modelId))
            .OrderByDescending(e => e.Id, StringComparer.Ordinal);
        foreach (var e in candidates)
        {
            if (!blobs.Exists(e.Sha256)) continue;
            await using var stream = blobs.OpenRead(e.Sha256);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, ct);
            if (FairnessEvidence.TryParse(e.Id, copy.ToArray()) is { } parsed) return parsed;
        }
        return null;
    }

}
