using System.Text;
using Attest.Core.Common;
using Attest.Core.Governance;

namespace Attest.Core.Features.Reports;

/// <summary>The formats an executive report is rendered in.</summary>
public enum ReportFormat { Html, Pdf, Md }

/// <summary>A rendered report: its bytes, media type and file name.</summary>
public sealed record ReportFile(byte[] Content, string MediaType, string FileName);

/// <summary>A rendered report, or why PDF rendering is unavailable (<see cref="Unavailable"/>: the API's 503, the CLI's exit 2).</summary>
public sealed record ReportOutcome(Result<ReportFile> Result, string? Unavailable = null);

/// <summary>
/// The executive report of a period (<see cref="GetExecutiveReport"/>) rendered as Markdown, HTML or PDF (the HTML printed by
/// headless Chromium, <see cref="ChromiumPdf"/>). Read-only: the same for the API, the dashboard's download and the CLI.
/// </summary>
public sealed class ExportExecutiveReport(GetExecutiveReport report, ChromiumPdf printer)
{
    public static ReportFormat? ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        "html" => ReportFormat.Html,
        "pdf" => ReportFormat.Pdf,
        "md" or "markdown" => ReportFormat.Md,
        _ => null,
    };

    public async Task<ReportOutcome> ExecuteAsync(ExecutiveReportQuery query, string? format, ReadScope scope, CancellationToken ct)
    {
        var parsed = format is null ? ReportFormat.Pdf : ParseFormat(format);
        if (parsed is null)
            return new(Result<ReportFile>.Invalid("format", $"\"{format}\" is not a report format; expected html, pdf or md"));
        var data = await report.ExecuteAsync(query, scope, ct);
        if (!data.IsOk)
            return new(data.As<ReportFile>());
        var r = data.Value!;
        var name = $"attest-executive-report-{r.From:yyyy-MM-dd}-to-{r.To:yyyy-MM-dd}";
        switch (parsed.Value)
        {
            case ReportFormat.Md:
                return new(Result<ReportFile>.Ok(new(Encoding.UTF8.GetBytes(ExecutiveReportDocument.ToMarkdown(r)), "text/markdown; charset=utf-8", name + ".md")));
            case ReportFormat.Html:
                return new(Result<ReportFile>.Ok(new(Encoding.UTF8.GetBytes(ExecutiveReportDocument.ToHtml(r)), "text/html; charset=utf-8", name + ".html")));
            default:
                var pdf = await printer.PrintAsync(ExecutiveReportDocument.ToHtml(r), ct);
                return pdf.Pdf is null
                    ? new(Result<ReportFile>.Conflict(pdf.Unavailable!), pdf.Unavailable)
                    : new(Result<ReportFile>.Ok(new(pdf.Pdf, "application/pdf", name + ".pdf")));
        }
    }
}
