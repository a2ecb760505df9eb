using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// A model version's overall metrics (accuracy, ROC AUC, …) as its newest valid fairness report evidence measured
/// them, and its red-team pass rates (<c>red_team_pass_rate</c>, <c>red_team_pass_rate_llm01</c> …) from its newest valid
/// red-team report, for the metric-regression triggers of material change.
/// </summary>
internal static class ModelMetrics
{
    public static async Task<IReadOnlyDictionary<string, double>> StoredAsync(AttestDbContext db, BlobStore blobs, ModelVersion version, DateOnly today, CancellationToken ct)
    {
        var reports = await db.Evidence.AsNoTracking()
            .Where(e => e.SystemId == version.SystemId && e.Type == "fairness_report" && e.Status == EvidenceStatuses.Active && e.ValidUntil >= today)
            .ToListAsync(ct);
        var newest = reports.Where(e => e.ModelVersionIds.Contains(version.Id))
            .OrderBy(e => e.ProducedAt).ThenBy(e => e.Id, StringComparer.Ordinal).LastOrDefault();
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (newest is not null && blobs.Exists(newest.Sha256))
        {
            await using var stream = blobs.OpenRead(newest.Sha256);
            using var reader = new StreamReader(stream);
            foreach (var (k, v) in FromReport(await reader.ReadToEndAsync(ct))) metrics[k] = v;
        }
        foreach (var (k, v) in await RedTeam.RedTeamEvidence.StoredMetricsAsync(db, blobs, version, today, ct)) metrics[k] = v;
        return metrics;
    }

    /// <summary>
    /// The model versions of a system that some valid fairness or red-team report measured: only these can have stored
    /// metrics, so a batch of assessments reads metrics for these alone.
    /// </summary>
    public static async Task<IReadOnlySet<string>> MeasuredVersionIdsAsync(AttestDbContext db, string systemId, DateOnly today, CancellationToken ct)
    {
        var reports = await db.Evidence.AsNoTracking()
            .Where(e => e.SystemId == systemId && (e.Type == "fairness_report" || e.Type == RedTeam.RedTeamReport.EvidenceType)
                && e.Status == EvidenceStatuses.Active && e.ValidUntil >= today)
            .Select(e => e.ModelVersionIds)
            .ToListAsync(ct);
        return reports.SelectMany(ids => ids).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The overall metrics of an Attest fairness report; none when the content is not one (e.g. a PDF).</summary>
    public static IReadOnlyDictionary<string, double> FromReport(string json)
    {
        try
        {
            return FairnessReportMeasurements.Read(json, "report")
                .Where(m => m.Feature is null && !double.IsNaN(m.Value))
                .GroupBy(m => m.Metric, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        }
        catch (FormatException)
        {
            return new Dictionary<string, double>();
        }
    }
}
