using System.Text;
using System.Text.Json;
using Attest.Engine.Evaluation.Ll144;
using static Attest.Evaluation.Reports.ReportText;

namespace Attest.Evaluation.Reports;

/// <summary>JSON, Markdown and HTML for `attest evaluate ll144`.</summary>
public static class Ll144Reports
{
    private static string RateName(Ll144Report r) => r.Mode == Ll144Mode.Selection ? "selection_rate" : "scoring_rate";

    public static void Json(Utf8JsonWriter w, Ll144Report report, string input)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        w.WriteStartObject();
        w.WriteString("kind", "ll144");
        w.WriteString("input", input);
        w.WriteString("type", report.Mode == Ll144Mode.Selection ? "selection" : "scoring");
        w.WriteNumber("n", report.N);
        if (report.Mode == Ll144Mode.Scoring) w.Number("median_score", report.MedianScore);
        w.Number("small_category_share", Ll144Audit.SmallCategoryShare);
        w.WriteStartObject("breakdowns");
        foreach (var b in report.Breakdowns)
        {
            w.WriteStartObject(b.Name);
            w.WriteNumber("unknown_count", b.UnknownCount);
            if (b.HighestRateCategory is null) w.WriteNull("highest_rate_category"); else w.WriteString("highest_rate_category", b.HighestRateCategory);
            w.WriteStartObject("categories");
            foreach (var c in b.Categories)
            {
                w.WriteStartObject(c.Key);
                w.WriteNumber("count", c.Count);
                w.WriteNumber(report.Mode == Ll144Mode.Selection ? "selected" : "above_median", c.Positive);
                w.Number(RateName(report), c.Rate);
                w.Number("impact_ratio", c.ImpactRatio);
                w.Number("impact_ratio_excluding_small", c.ImpactRatioExcludingSmall);
                w.Number("share_of_sample", c.ShareOfSample);
                w.WriteBoolean("under_2_percent", c.UnderTwoPercent);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static string Markdown(Ll144Report report, string input)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.AppendLine("# NYC Local Law 144 bias audit").AppendLine();
        sb.AppendLine($"Input `{input}` · {(report.Mode == Ll144Mode.Selection ? "selection" : "scoring")}-type AEDT · n = {report.N}"
            + (report.Mode == Ll144Mode.Scoring ? $" · median score {Num(report.MedianScore)}" : "")).AppendLine();
        foreach (var b in report.Breakdowns)
        {
            sb.AppendLine($"## {Md(b.Name)}").AppendLine().AppendLine($"Unknown category: {b.UnknownCount} individuals.").AppendLine();
            sb.AppendLine($"| category | n | {RateName(report)} | impact ratio | share | < 2% |").AppendLine("|---|---:|---:|---:|---:|---|");
            foreach (var c in b.Categories)
                sb.AppendLine($"| {Md(c.Key)} | {c.Count} | {Num(c.Rate)} | {Num(c.ImpactRatio)} | {Num(c.ShareOfSample)} | {(c.UnderTwoPercent ? "yes" : "")} |");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    public static string Html(Ll144Report report, string input)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LL144 bias audit</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append($"<h1>NYC Local Law 144 bias audit</h1><p>Input <code>{ReportText.Html(input)}</code> · n = {report.N}</p>");
        foreach (var b in report.Breakdowns)
        {
            sb.Append($"<h2>{ReportText.Html(b.Name)}</h2><p>Unknown category: {b.UnknownCount} individuals.</p>");
            sb.Append(SvgCharts.Bars($"impact ratio by {b.Name}", b.Categories.Select(c => new SvgCharts.Bar(c.Key, c.ImpactRatio)).ToList(), 0.8));
            sb.Append($"<table><tr><th>category</th><th>n</th><th>{RateName(report)}</th><th>impact ratio</th><th>share</th><th>&lt; 2%</th></tr>");
            foreach (var c in b.Categories)
                sb.Append($"<tr><td>{ReportText.Html(c.Key)}</td><td>{c.Count}</td><td>{Num(c.Rate)}</td><td>{Num(c.ImpactRatio)}</td><td>{Num(c.ShareOfSample)}</td><td>{(c.UnderTwoPercent ? "yes" : "")}</td></tr>");
            sb.Append("</table>");
        }
        sb.Append("</body></html>\n");
        return sb.ToString();
    }
}
