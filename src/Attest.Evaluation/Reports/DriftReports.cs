using System.Text;
using System.Text.Json;
using Attest.Engine.Evaluation.Drift;
using static Attest.Evaluation.Reports.ReportText;

namespace Attest.Evaluation.Reports;

public sealed record DriftRunInfo(string Reference, string Current, long ReferenceRows, long CurrentRows, IReadOnlyList<string> SkippedTextColumns);

/// <summary>JSON, Markdown and HTML for `attest evaluate drift` (schema in docs/evaluation.md).</summary>
public static class DriftReports
{
    public static string TypeName(DriftColumnType type) => type == DriftColumnType.Numerical ? "numerical" : "categorical";

    public static void Json(Utf8JsonWriter w, DriftReport report, DriftRunInfo info)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        w.WriteStartObject();
        w.WriteString("kind", "drift");
        w.WriteString("reference", info.Reference);
        w.WriteString("current", info.Current);
        w.WriteNumber("n_reference", info.ReferenceRows);
        w.WriteNumber("n_current", info.CurrentRows);
        w.WriteStartObject("columns");
        foreach (var c in report.Columns)
        {
            w.WriteStartObject(c.Name);
            w.WriteString("type", TypeName(c.Type));
            w.WriteString("test", c.Test);
            w.Number("drift_score", c.DriftScore);
            w.Number("statistic", c.Statistic);
            if (double.IsNaN(c.PValue)) w.WriteNull("p_value"); else w.Number("p_value", c.PValue);
            w.Number("threshold", c.Threshold);
            w.WriteBoolean("drifted", c.Drifted);
            w.Number("psi", c.Psi);
            w.WriteNumber("n_reference", c.ReferenceCount);
            w.WriteNumber("n_current", c.CurrentCount);
            w.WriteNumber("n_unique", c.UniqueValues);
            if (c.Note is not null) w.WriteString("note", c.Note);
            if (c.Histogram is { } h)
            {
                w.WriteStartObject("bins");
                w.WriteString("rule", h.Sturges ? "sturges" : "one bin per value");
                w.WriteStartArray("labels");
                foreach (var l in h.Labels) w.WriteStringValue(l);
                w.WriteEndArray();
                w.WriteStartArray("reference_share");
                foreach (var v in h.Reference) w.Number(v);
                w.WriteEndArray();
                w.WriteStartArray("current_share");
                foreach (var v in h.Current) w.Number(v);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteNumber("number_drifted", report.DriftedColumns);
        w.Number("share_drifted", report.ShareDrifted);
        w.Number("drift_share_threshold", report.DriftShareThreshold);
        w.WriteBoolean("dataset_drift", report.DatasetDrift);
        w.WriteStartArray("skipped_text_columns");
        foreach (var s in info.SkippedTextColumns) w.WriteStringValue(s);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Markdown(DriftReport report, DriftRunInfo info)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        var sb = new StringBuilder();
        sb.AppendLine("# Data drift report").AppendLine();
        sb.AppendLine($"Reference `{info.Reference}` ({info.ReferenceRows} rows) · current `{info.Current}` ({info.CurrentRows} rows)").AppendLine();
        sb.AppendLine($"**Dataset drift: {(report.DatasetDrift ? "yes" : "no")}** — {report.DriftedColumns} of {report.Columns.Count} columns drifted (share {Num(report.ShareDrifted)}, threshold {Num(report.DriftShareThreshold)}).").AppendLine();
        sb.AppendLine("| column | type | test | score | threshold | drifted | PSI |").AppendLine("|---|---|---|---:|---:|---|---:|");
        foreach (var c in report.Columns)
            sb.AppendLine($"| {Md(c.Name)} | {TypeName(c.Type)} | {c.Test} | {Num(c.DriftScore)} | {Num(c.Threshold)} | {(c.Drifted ? "**yes**" : "no")} | {Num(c.Psi)} |");
        if (info.SkippedTextColumns.Count > 0)
            sb.AppendLine().AppendLine($"Free-text columns not tested: {string.Join(", ", info.SkippedTextColumns.Select(Md))}.");
        return sb.ToString();
    }

    public static string Html(DriftReport report, DriftRunInfo info) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data drift report</title><style>{Css}</style></head><body>{HtmlBody(report, info)}</body></html>\n";

    /// <summary>The report without the page around it, for the app's own page (the stored report viewer).</summary>
    public static string HtmlBody(DriftReport report, DriftRunInfo info)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        var sb = new StringBuilder();
        sb.Append($"<h1>Data drift report</h1><p>Reference <code>{ReportText.Html(info.Reference)}</code> ({info.ReferenceRows} rows) · current <code>{ReportText.Html(info.Current)}</code> ({info.CurrentRows} rows)</p>");
        sb.Append($"<p class=\"{(report.DatasetDrift ? "fail" : "pass")}\">Dataset drift: {(report.DatasetDrift ? "yes" : "no")} — {report.DriftedColumns} of {report.Columns.Count} columns drifted (share {Num(report.ShareDrifted)}, threshold {Num(report.DriftShareThreshold)})</p>");
        sb.Append("<table><tr><th>column</th><th>type</th><th>test</th><th>score</th><th>threshold</th><th>drifted</th><th>PSI</th></tr>");
        foreach (var c in report.Columns)
            sb.Append($"<tr><td>{ReportText.Html(c.Name)}</td><td>{TypeName(c.Type)}</td><td>{ReportText.Html(c.Test)}</td><td>{Num(c.DriftScore)}</td><td>{Num(c.Threshold)}</td><td class=\"{(c.Drifted ? "fail" : "pass")}\">{(c.Drifted ? "yes" : "no")}</td><td>{Num(c.Psi)}</td></tr>");
        sb.Append("</table>");
        foreach (var c in report.Columns)
            if (c.Histogram is { } h)
                sb.Append(SvgCharts.Histogram($"{c.Name} ({c.Test} {Num(c.DriftScore)})",
                    h.Sturges ? [.. h.Labels.Select(l => l[1..l.IndexOf(',', StringComparison.Ordinal)])] : h.Labels, // bin starts fit under the bars
                    h.Reference, h.Current));
        return sb.ToString();
    }
}
