using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.RedTeam;

/// <summary>A red-team report stored as evidence, as the evidence page lists it.</summary>
public sealed record RedTeamReportItem(string EvidenceId, string FileName, DateTimeOffset ProducedAt, IReadOnlyList<string> ModelVersions, string Status, RedTeamReport? Report);

/// <summary>The system's red-team reports (newest first); evidence that is not an Attest report (a PDF from elsewhere) is listed without figures.</summary>
public sealed class ListRedTeamReports(AttestDbContext db, BlobStore blobs)
{
    public async Task<Result<IReadOnlyList<RedTeamReportItem>>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null) return Result<IReadOnlyList<RedTeamReportItem>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var items = await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id && e.Type == RedTeamReport.EvidenceType).ToListAsync(ct);
        var labels = await db.ModelVersions.AsNoTracking().Where(m => m.SystemId == system.Id).ToDictionaryAsync(m => m.Id, m => m.Label, ct);
        var result = new List<RedTeamReportItem>();
        foreach (var item in items.OrderByDescending(e => e.ProducedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal))
            result.Add(new RedTeamReportItem(item.Id, item.FileName, item.ProducedAt, item.ModelVersionIds.Select(id => labels.GetValueOrDefault(id, id)).ToArray(),
                item.Status, await ReadAsync(blobs, item, ct)));
        return Result<IReadOnlyList<RedTeamReportItem>>.Ok(result);
    }

    internal static async Task<RedTeamReport?> ReadAsync(BlobStore blobs, EvidenceItem item, CancellationToken ct)
    {
        if (!blobs.Exists(item.Sha256) || item.SizeBytes > 64 * 1024 * 1024) return null;
        await using var stream = blobs.OpenRead(item.Sha256);
        using var reader = new StreamReader(stream);
        try
        {
            return RedTeamReportReader.Read(await reader.ReadToEndAsync(ct));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>One red-team report of a system, for its page.</summary>
public sealed class GetRedTeamReport(AttestDbContext db, BlobStore blobs)
{
    public async Task<Result<RedTeamReportItem>> ExecuteAsync(string systemIdOrSlug, string evidenceId, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null) return Result<RedTeamReportItem>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var item = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.SystemId == system.Id && e.Type == RedTeamReport.EvidenceType, ct);
        if (item is null) return Result<RedTeamReportItem>.NotFound($"No red-team report '{evidenceId}' of '{system.Slug}'.");
        var labels = await db.ModelVersions.AsNoTracking().Where(m => item.ModelVersionIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Label, ct);
        return Result<RedTeamReportItem>.Ok(new RedTeamReportItem(item.Id, item.FileName, item.ProducedAt, item.ModelVersionIds.Select(id => labels.GetValueOrDefault(id, id)).ToArray(),
            item.Status, await ListRedTeamReports.ReadAsync(blobs, item, ct)));
    }
}
