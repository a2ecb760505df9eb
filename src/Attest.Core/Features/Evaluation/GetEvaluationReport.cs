using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Evaluation.Reports;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evaluation;

/// <summary>
/// A fairness or drift report stored as evidence, rendered for the app as it was when `attest evaluate` wrote it
/// (tables and SVG charts). <see cref="Html"/> is null when the file is not such a report; <see cref="Problem"/> says why.
/// </summary>
public sealed record EvaluationReportView(string EvidenceId, string SystemSlug, string SystemName, string Type, string FileName,
    DateTimeOffset ProducedAt, IReadOnlyList<string> ModelVersions, string Status, string? Title, string? Html, string? Problem)
{
    /// <summary>Styles the report's tables and charts need inside the app's pages, scoped to the report.</summary>
    public const string PageStyles = """
        .evaluation-report table{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;overflow-x:auto;max-width:100%}
        .evaluation-report th,.evaluation-report td{border:1px solid #d1d5db;padding:.25rem .6rem;text-align:right}
        .evaluation-report th:first-child,.evaluation-report td:first-child{text-align:left}
        .evaluation-report .fail{color:#b91c1c;font-weight:600}.evaluation-report .pass{color:#15803d}.evaluation-report .warn{color:#92400e}
        .evaluation-report svg{max-width:100%;height:auto;margin:.5rem 0 1.5rem;background:#fff}.evaluation-report{overflow-x:auto}
        """;

    /// <summary>Evidence types whose files `attest evaluate` writes: the evidence page links these to the viewer.</summary>
    public static readonly IReadOnlySet<string> ViewableTypes = new HashSet<string>(StringComparer.Ordinal) { "fairness_report", "drift_report" };
}

public sealed class GetEvaluationReport(AttestDbContext db, BlobStore blobs)
{
    /// <summary>Larger files are not reports Attest wrote for one system; they are offered for download only.</summary>
    public const long MaxReportBytes = 64L * 1024 * 1024;

    public async Task<Result<EvaluationReportView>> ExecuteAsync(string systemIdOrSlug, string evidenceId, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null) return Result<EvaluationReportView>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var item = await db.Evidence.AsNoTracking().FirstOrDefaultAsync(e => e.Id == evidenceId && e.SystemId == system.Id, ct);
        if (item is null) return Result<EvaluationReportView>.NotFound($"No evidence '{evidenceId}' of '{system.Slug}'.");
        var labels = await db.ModelVersions.AsNoTracking().Where(m => item.ModelVersionIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Label, ct);
        var (title, html, problem) = await RenderAsync(item, ct);
        return Result<EvaluationReportView>.Ok(new EvaluationReportView(item.Id, system.Slug, system.Name, item.Type, item.FileName, item.ProducedAt,
            [.. item.ModelVersionIds.Select(id => labels.GetValueOrDefault(id, id))], item.Status, title, html, problem));
    }

    private async Task<(string? Title, string? Html, string? Problem)> RenderAsync(EvidenceItem item, CancellationToken ct)
    {
        if (!blobs.Exists(item.Sha256)) return (null, null, "The file is missing from the evidence store.");
        if (item.SizeBytes > MaxReportBytes) return (null, null, "The file is too large to show here; download it.");
        string text;
        await using (var stream = blobs.OpenRead(item.Sha256))
        using (var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true)))
        {
            try { text = await reader.ReadToEndAsync(ct); }
            catch (DecoderFallbackException) { return (null, null, "The file is not text, so it is not a report `attest evaluate` wrote."); }
        }
        JsonDocument document;
        try { document = StoredJson.Parse(text); }
        catch (FormatException) { return (null, null, NotAReport); }
        using (document)
        {
            var root = document.RootElement;
            var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            try
            {
                switch (kind)
                {
                    case "fairness":
                        var fairness = FairnessJsonReader.Read(root);
                        return ("Fairness and performance report", FairnessHtml.Body(fairness.Report, fairness.Info, fairness.Policy), null);
                    case "drift":
                        var drift = DriftJsonReader.Read(root);
                        return ("Data drift report", DriftReports.HtmlBody(drift.Report, drift.Info), null);
                    default:
                        return (null, null, NotAReport);
                }
            }
            catch (FormatException e)
            {
                return (null, null, $"The file looks like a {kind} report but does not follow its format ({e.Message}).");
            }
        }
    }

    private const string NotAReport = "The file is not a fairness or drift report written by `attest evaluate`, so it has no figures to show.";
}
