using System.Globalization;
using System.Net;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Exports;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// The filled questionnaire for the customer — CSV or XLSX, one row per question in the file's order: id, question,
/// answer, whether it is approved, the controls with their status in words, and the shareable evidence — or the trust
/// page (HTML): the approved answers and the evidence marked shareable, nothing else (evidence not marked shareable is
/// not named). Cells that a spreadsheet would read as a formula (= + - @, tab, carriage return) are prefixed with a
/// single quote in both CSV and XLSX (<see cref="ExportTable"/>); the HTML encodes every text.
/// </summary>
public sealed class ExportQuestionnaire(GetQuestionnaire get, AttestDbContext db)
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "xlsx", "html"];

    public static readonly string[] Columns = ["id", "question", "answer", "approved", "controls", "evidence"];

    public async Task<Result<ExportedFile>> ExecuteAsync(string questionnaireId, string? format, ReadScope scope, CancellationToken ct)
    {
        var kind = (format ?? "csv").Trim().ToLowerInvariant();
        if (!Formats.Contains(kind))
            return Result<ExportedFile>.Invalid("format", $"must be one of {string.Join(", ", Formats)}");
        var found = await get.ExecuteAsync(questionnaireId, scope, ct);
        if (!found.IsOk)
            return found.As<ExportedFile>();
        var q = found.Value!;
        var stem = Stem(q);
        return kind switch
        {
            "csv" => Result<ExportedFile>.Ok(new ExportedFile(stem + ".csv", ExportTable.CsvMediaType, Table(q).Write(ExportFormat.Csv))),
            "xlsx" => Result<ExportedFile>.Ok(new ExportedFile(stem + ".xlsx", ExportTable.XlsxMediaType, Table(q).Write(ExportFormat.Xlsx))),
            _ => Result<ExportedFile>.Ok(new ExportedFile(stem + "-trust-page.html", "text/html; charset=utf-8", await TrustPageAsync(q, ct))),
        };
    }

    private static string[] Cells(QuestionAnswerDto a) =>
    [
        a.QuestionRef, a.Question, a.Answer ?? "", a.State == AnswerStates.Approved ? "yes" : "no — draft, not approved",
        string.Join("; ", a.Controls.Select(c => $"{c.ControlId} {c.Title}: {c.StatusWords}")),
        string.Join("; ", a.Evidence.Where(e => e.Shareable).Select(e => $"{e.FileName} ({e.Type.Replace('_', ' ')}, valid until {e.ValidUntil:yyyy-MM-dd})")),
    ];

    /// <summary>The answers as a table, written by the exports' one CSV/XLSX writer (formulas neutralised there).</summary>
    private static ExportTable Table(QuestionnaireDto q) =>
        new("questionnaire", "Answers", Columns, [.. q.Questions.Select(a => (object?[])Cells(a))]);

    private async Task<byte[]> TrustPageAsync(QuestionnaireDto q, CancellationToken ct)
    {
        // Every shareable, active evidence item of the system, not only those the answers name.
        var shareable = await db.Evidence.AsNoTracking().Where(e => e.SystemId == q.SystemId && e.Status == "active" && e.Shareable)
            .OrderBy(e => e.Type).ThenBy(e => e.FileName).ToListAsync(ct);
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Trust page: ").Append(H(q.SystemName)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.5}")
            .Append("dt{font-weight:600;margin-top:1rem}dd{margin:0.25rem 0 0 0}table{border-collapse:collapse;width:100%}")
            .Append("th,td{text-align:left;border-bottom:1px solid #ccc;padding:0.25rem}.mono{font-family:monospace;word-break:break-all}</style></head><body>\n")
            .Append("<h1>Trust page: ").Append(H(q.SystemName)).Append("</h1>\n")
            .Append("<p>Answers approved by our AI governance for &ldquo;").Append(H(q.Title)).Append("&rdquo;.</p>\n");
        var approved = q.Questions.Where(a => a.State == AnswerStates.Approved).ToList();
        html.Append("<h2>Answers</h2>\n");
        if (approved.Count == 0)
            html.Append("<p>No answer is approved yet.</p>\n");
        else
        {
            html.Append("<dl>\n");
            foreach (var a in approved)
                html.Append("<dt>").Append(H(a.QuestionRef)).Append(". ").Append(H(a.Question)).Append("</dt><dd>").Append(H(a.Answer)).Append("</dd>\n");
            html.Append("</dl>\n");
        }
        html.Append("<h2>Evidence we share</h2>\n");
        if (shareable.Count == 0)
            html.Append("<p>No evidence is marked shareable.</p>\n");
        else
        {
            html.Append("<table><thead><tr><th scope=\"col\">Evidence</th><th scope=\"col\">Kind</th><th scope=\"col\">Controls</th><th scope=\"col\">Valid until</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>\n");
            foreach (var e in shareable)
                html.Append("<tr><td>").Append(H(e.FileName)).Append("</td><td>").Append(H(e.Type.Replace('_', ' '))).Append("</td><td>")
                    .Append(H(string.Join(", ", e.Controls))).Append("</td><td>").Append(e.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"mono\">").Append(H(e.Sha256)).Append("</td></tr>\n");
            html.Append("</tbody></table>\n");
        }
        html.Append("</body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static string Stem(QuestionnaireDto q)
    {
        var slug = new string(q.Title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal)) slug = slug.Replace("--", "-", StringComparison.Ordinal);
        return $"{q.SystemSlug}-{(slug.Length == 0 ? "questionnaire" : slug[..Math.Min(slug.Length, 60)].Trim('-'))}";
    }
}
