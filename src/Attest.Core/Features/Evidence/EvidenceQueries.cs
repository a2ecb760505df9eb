using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>One evidence item's metadata.</summary>
public sealed class GetEvidence(AttestDbContext db)
{
    public async Task<Result<EvidenceDto>> ExecuteAsync(string evidenceId, CancellationToken ct)
    {
        var item = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId, ct);
        return item is null ? Result<EvidenceDto>.NotFound($"No evidence '{evidenceId}'.") : Result<EvidenceDto>.Ok(await item.ToDtoAsync(db, ct));
    }
}

/// <summary>A system's evidence, newest first, retired items included (with their status).</summary>
public sealed class ListSystemEvidence(AttestDbContext db)
{
    public async Task<Result<IReadOnlyList<EvidenceDto>>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null) return Result<IReadOnlyList<EvidenceDto>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var items = await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id).OrderByDescending(e => e.Id).ToListAsync(ct);
        var models = await EvidenceMapping.ModelLabelsAsync(db, items.SelectMany(e => e.ModelVersionIds).Distinct().ToList(), ct);
        var datasets = await EvidenceMapping.DatasetLabelsAsync(db, items.SelectMany(e => e.DatasetIds).Distinct().ToList(), ct);
        return Result<IReadOnlyList<EvidenceDto>>.Ok(items.Select(e => e.ToDto(system.Slug, models, datasets)).ToArray());
    }
}

/// <summary>The stored bytes of one evidence item.</summary>
public sealed record EvidenceContent(string Sha256, string FileName, string MediaType, long SizeBytes, Func<Stream> Open);

/// <summary>Opens an evidence item's content (retired items too: evidence stays readable).</summary>
public sealed class GetEvidenceContent(AttestDbContext db, BlobStore blobs)
{
    public async Task<Result<EvidenceContent>> ExecuteAsync(string evidenceId, CancellationToken ct)
    {
        var item = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId, ct);
        if (item is null) return Result<EvidenceContent>.NotFound($"No evidence '{evidenceId}'.");
        if (!blobs.Exists(item.Sha256))
            throw new InvalidDataException($"The content of evidence {item.Id} (sha256 {item.Sha256}) is missing from {blobs.Root}.");
        // Names stored before they were sanitised still get a usable one.
        return Result<EvidenceContent>.Ok(new EvidenceContent(item.Sha256, EvidenceFileNames.Sanitize(item.FileName, item.Sha256, item.MediaType), item.MediaType, item.SizeBytes,
            () => blobs.OpenRead(item.Sha256)));
    }
}
