using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.RedTeam;

/// <summary>Red-team reports stored as <c>red_team_report</c> evidence, as gates and material change read them.</summary>
internal static class RedTeamEvidence
{
    /// <summary>
    /// The red-team reports valid on <paramref name="today"/> for the model version (or about the whole system), newest
    /// first: all of them for a bundle, else only the newest. Evidence whose content is not an Attest report (a PDF from
    /// elsewhere) satisfies controls but measures nothing.
    /// </summary>
    public static async Task<IReadOnlyList<SnapshotRedTeamReport>> ReportsAsync(BlobStore blobs, IReadOnlyList<EvidenceItem> active, string? versionId, DateOnly today, bool all, CancellationToken ct)
    {
        var result = new List<SnapshotRedTeamReport>();
        var candidates = active
            .Where(e => e.Type == RedTeamReport.EvidenceType && e.ValidUntil >= today
                && (e.ModelVersionIds.Count == 0 || versionId is null || e.ModelVersionIds.Contains(versionId)))
            .OrderByDescending(e => e.ProducedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal);
        foreach (var item in candidates)
        {
            if (await MeasurementsAsync(blobs, item, ct) is not { } measurements) continue;
            result.Add(new SnapshotRedTeamReport(item.Id, item.ProducedAt, item.ValidUntil, measurements));
            if (!all) break;
        }
        return result;
    }

    public static async Task<IReadOnlyDictionary<string, double>> StoredMetricsAsync(AttestDbContext db, BlobStore blobs, ModelVersion version, DateOnly today, CancellationToken ct)
    {
        var active = await db.Evidence.AsNoTracking()
            .Where(e => e.SystemId == version.SystemId && e.Type == RedTeamReport.EvidenceType && e.Status == EvidenceStatuses.Active && e.ValidUntil >= today)
            .ToListAsync(ct);
        // Only reports about this version count as its metrics (a system-wide report says nothing about one version).
        var own = active.Where(e => e.ModelVersionIds.Contains(version.Id)).ToList();
        var newest = await ReportsAsync(blobs, own, version.Id, today, all: false, ct);
        return newest.Count == 0 ? new Dictionary<string, double>() : RedTeamReportJson.Metrics(newest[0].Measurements);
    }

    public static IReadOnlyDictionary<string, double> MetricsOf(string json)
    {
        try
        {
            return RedTeamReportJson.Metrics(RedTeamReportJson.Measurements(json));
        }
        catch (FormatException)
        {
            return new Dictionary<string, double>();
        }
    }

    private static async Task<IReadOnlyList<RedTeamMeasurement>?> MeasurementsAsync(BlobStore blobs, EvidenceItem item, CancellationToken ct)
    {
        if (!blobs.Exists(item.Sha256)) return null;
        await using var stream = blobs.OpenRead(item.Sha256);
        using var reader = new StreamReader(stream);
        try
        {
            return RedTeamReportJson.Measurements(await reader.ReadToEndAsync(ct), item.Id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
