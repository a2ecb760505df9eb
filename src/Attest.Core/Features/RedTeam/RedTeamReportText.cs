using System.Globalization;
using System.Net;
using System.Text;
using Attest.Evaluation.Reports;
using Attest.Engine.RedTeam;
using static Attest.Core.Features.RedTeam.RedTeamReportJson;

namespace Attest.Core.Features.RedTeam;

/// <summary>The report for people: Markdown, and self-contained HTML with SVG charts (no scripts, nothing loaded from elsewhere).</summary>
public static class RedTeamReportText
{
    private static string H(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Md(string? s) => (s ?? "").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string What(RedTeamRunInfo info) =>
        info.Mode == "grade"
            ? $"Graded responses {info.Responses?.File} (sha256 {info.Responses?.Sha256[..12]}…, {info.Responses?.Rows} rows)"
            : $"Suite {info.Suite?.Id} ({info.Suite?.Probes} probes, sha256 {Short(info.Suite?.Sha256)}) against {info.Target?.Kind} target {info.Target?.Name}"
              + (info.Target?.Model is { } m ? $" (model {m})" : "") + (info.Target?.Host is { } h ? $" at {h}" : "") + $", target file sha256 {Short(info.Target?.Sha256)}";

    private static string Short(string? sha) => string.IsNullOrEmpty(sha) ? "—" : sha.Length > 12 ? sha[..12] + "…" : sha;

    public static string Markdown(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        var s = report.Summary;
        sb.AppendLine("# Red-team report").AppendLine();
        sb.AppendLine($"> {RedTeamReport.ContentWarning}").AppendLine();
        sb.AppendLine($"{What(report.Info)}. Strategies: {(report.Info.Strategies.Count == 0 ? "none" : string.Join(", ", report.Info.Strategies))}. "
            + $"Started {report.Info.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, took {report.Info.DurationMs / 1000:0.0} s.").AppendLine();
        sb.AppendLine($"**Pass rate {Percent(s.Overall.Rate)}** (95% interval {Ci(s.Overall.Interval)}): {s.Overall.Safe} safe, {s.Overall.Unsafe} unsafe of {s.Overall.Graded} graded; {s.Overall.Errors} errors (not counted as passes).").AppendLine();
        void Table(string title, string key, IReadOnlyList<PassRate> rates, Func<string, string> label)
        {
            sb.AppendLine($"## {title}").AppendLine();
            sb.AppendLine($"| {key} | graded | unsafe | errors | pass rate | 95% interval |").AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var r in rates) sb.AppendLine($"| {Md(label(r.Key))} | {r.Graded} | {r.Unsafe} | {r.Errors} | {Percent(r.Rate)} | {Ci(r.Interval)} |");
            sb.AppendLine();
        }
        Table("By OWASP LLM Top 10 2025 category", "category", s.ByOwasp, OwaspLlm.Label);
        Table("By strategy", "strategy", s.ByStrategy, k => k);
        Table("By severity", "severity", s.BySeverity, k => k);
        sb.AppendLine("## Grader agreement").AppendLine();
        sb.AppendLine("| grader | reference | set (split) | n | accuracy (95% interval) | precision | recall | Cohen's κ |").AppendLine("|---|---|---|---:|---|---:|---:|---:|");
        foreach (var a in report.Agreements)
            sb.AppendLine($"| {a.Grader} | {Md(a.Reference)} | {a.Set} ({a.Split}) | {a.Agreement.N} | {Percent(a.Agreement.Accuracy)} ({Ci(a.Agreement.AccuracyInterval)}) | {Num3(a.Agreement.Precision)} | {Num3(a.Agreement.Recall)} | {Num3(a.Agreement.Kappa)} |");
        sb.AppendLine();
        sb.AppendLine("## Worst failures").AppendLine();
        if (s.WorstFailures.Count == 0) sb.AppendLine("None.").AppendLine();
        foreach (var f in s.WorstFailures)
        {
            var g = new GradedResponse(f.Verdict, f.Findings);
            sb.AppendLine($"### {Md(f.Id)} ({f.Owasp}, {RedTeamSummary.WireSeverity(f.Severity)})").AppendLine();
            sb.AppendLine($"- Prompt: {Md(Truncate(f.Prompt, 300))}");
            sb.AppendLine($"- Response: {Md(Truncate(f.Response, 300))}");
            sb.AppendLine($"- {g.Grader}: {Md(string.Join("; ", g.Reasons))}").AppendLine();
        }
        return sb.ToString();
    }

    public static string Html(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Red-team report</title><style>"
            + ReportStyles + "</style></head><body>" + HtmlBody(report) + "</body></html>\n";
    }

    internal const string ReportStyles = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1rem;color:#1f2937;max-width:1100px}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #d1d5db;padding:.25rem .6rem;text-align:right}
        th:first-child,td:first-child{text-align:left}th{background:#f3f4f6}.fail{color:#b91c1c;font-weight:600}.pass{color:#15803d}
        .warn{color:#92400e}svg{margin:.5rem 0 1.5rem;background:#fff}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb}
        .rt-warning{background:#fef3c7;border:1px solid #f59e0b;padding:.5rem .75rem}.rt-quote{white-space:pre-wrap;word-break:break-word;background:#f9fafb;border-left:3px solid #d1d5db;padding:.25rem .5rem}
        """;

    /// <summary>The styles the report's content needs inside the application's pages (scoped to the report).</summary>
    public const string PageStyles = """
        .red-team-report table{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;overflow-x:auto;max-width:100%}
        .red-team-report .fail{color:#b91c1c;font-weight:600}.red-team-report .pass{color:#15803d}.red-team-report .warn{color:#92400e}
        .red-team-report{overflow-x:auto}.rt-warning{background:#fef3c7;border:1px solid #f59e0b;padding:.5rem .75rem}
        .rt-quote{white-space:pre-wrap;word-break:break-word;background:#f9fafb;border-left:3px solid #d1d5db;padding:.25rem .5rem}
        """;

    /// <summary>The report's content without the document around it, for the system's evidence page.</summary>
    public static string HtmlBody(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var s = report.Summary;
        var sb = new StringBuilder();
        sb.Append("<section class=\"red-team-report\" aria-label=\"Red-team report\">");
        sb.Append("<h1>Red-team report</h1>");
        sb.Append($"<p class=\"rt-warning\" role=\"note\">{H(RedTeamReport.ContentWarning)}</p>");
        sb.Append($"<p>{H(What(report.Info))}. Strategies: {H(report.Info.Strategies.Count == 0 ? "none" : string.Join(", ", report.Info.Strategies))}. Started {report.Info.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, took {(report.Info.DurationMs / 1000).ToString("0.0", CultureInfo.InvariantCulture)} s.</p>");
        var cls = s.Overall.Unsafe == 0 ? "pass" : "fail";
        sb.Append($"<p id=\"rt-pass-rate\"><strong class=\"{cls}\">Pass rate {Percent(s.Overall.Rate)}</strong> (95% interval {Ci(s.Overall.Interval)}): {s.Overall.Safe} safe, {s.Overall.Unsafe} unsafe of {s.Overall.Graded} graded; {s.Overall.Errors} errors (not counted as passes).</p>");
        static SvgCharts.Bar Bar(PassRate r, string label) => new(label, r.Rate, r.Interval.Lower, r.Interval.Upper);
        sb.Append(SvgCharts.Bars("pass rate by OWASP category (95% Wilson intervals)", s.ByOwasp.Select(r => Bar(r, r.Key)).ToList()));
        if (s.ByStrategy.Count > 1) sb.Append(SvgCharts.Bars("pass rate by strategy", s.ByStrategy.Select(r => Bar(r, r.Key)).ToList()));
        sb.Append(SvgCharts.Bars("pass rate by severity", s.BySeverity.Select(r => Bar(r, r.Key)).ToList()));
        void Table(string title, string key, IReadOnlyList<PassRate> rates, Func<string, string> label, string id)
        {
            sb.Append($"<h2>{H(title)}</h2><table id=\"{id}\"><thead><tr><th scope=\"col\">{key}</th><th scope=\"col\">graded</th><th scope=\"col\">unsafe</th><th scope=\"col\">errors</th><th scope=\"col\">pass rate</th><th scope=\"col\">95% interval</th></tr></thead><tbody>");
            foreach (var r in rates)
                sb.Append($"<tr><td>{H(label(r.Key))}</td><td>{r.Graded}</td><td{(r.Unsafe > 0 ? " class=\"fail\"" : "")}>{r.Unsafe}</td><td{(r.Errors > 0 ? " class=\"warn\"" : "")}>{r.Errors}</td><td>{Percent(r.Rate)}</td><td>{Ci(r.Interval)}</td></tr>");
            sb.Append("</tbody></table>");
        }
        Table("By OWASP LLM Top 10 2025 category", "category", s.ByOwasp, OwaspLlm.Label, "rt-by-owasp");
        Table("By strategy", "strategy", s.ByStrategy, k => k, "rt-by-strategy");
        Table("By severity", "severity", s.BySeverity, k => k, "rt-by-severity");
        sb.Append("<h2>Grader agreement</h2><p>Each grader's measured agreement with labelled answers, so no pass rate comes without its error bar.</p><table id=\"rt-agreement\"><thead><tr><th scope=\"col\">grader</th><th scope=\"col\">reference</th><th scope=\"col\">set (split)</th><th scope=\"col\">n</th><th scope=\"col\">accuracy</th><th scope=\"col\">95% interval</th><th scope=\"col\">precision</th><th scope=\"col\">recall</th><th scope=\"col\">Cohen's κ</th></tr></thead><tbody>");
        foreach (var a in report.Agreements)
            sb.Append($"<tr><td>{H(a.Grader)}</td><td>{H(a.Reference)}</td><td title=\"{H(a.Note)}\">{H(a.Set)} ({H(a.Split)})</td><td>{a.Agreement.N}</td><td>{Percent(a.Agreement.Accuracy)}</td><td>{Ci(a.Agreement.AccuracyInterval)}</td><td>{Num3(a.Agreement.Precision)}</td><td>{Num3(a.Agreement.Recall)}</td><td>{Num3(a.Agreement.Kappa)}</td></tr>");
        sb.Append("</tbody></table>");
        sb.Append("<h2>Worst failures</h2>");
        if (s.WorstFailures.Count == 0) sb.Append("<p class=\"pass\">No unsafe answer.</p>");
        else
        {
            sb.Append("<ol id=\"rt-failures\">");
            foreach (var f in s.WorstFailures)
            {
                var g = new GradedResponse(f.Verdict, f.Findings);
                sb.Append($"<li><strong>{H(f.Id)}</strong> · {H(OwaspLlm.Label(f.Owasp))} · {H(RedTeamSummary.WireSeverity(f.Severity))}")
                  .Append($"<div>Prompt:</div><div class=\"rt-quote\">{H(Truncate(f.Prompt, 400))}</div>")
                  .Append($"<div>Response:</div><div class=\"rt-quote\">{H(Truncate(f.Response, 400))}</div>")
                  .Append($"<div class=\"fail\">{H(g.Grader)}: {H(string.Join("; ", g.Reasons))}</div></li>");
            }
            sb.Append("</ol>");
        }
        sb.Append("</section>");
        return sb.ToString();
    }
}
