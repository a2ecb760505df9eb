using System.Text;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using static Attest.Evaluation.Reports.ReportText;

namespace Attest.Evaluation.Reports;

/// <summary>A self-contained HTML report: tables plus inline SVG bars with interval whiskers and calibration curves.</summary>
public static class FairnessHtml
{
    public static string Render(FairnessReport report, FairnessRunInfo info, PolicyResult? policy) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Fairness report</title><style>{Css}</style></head><body>{Body(report, info, policy)}</body></html>\n";

    /// <summary>The report without the page around it, for the app's own page (the stored report viewer).</summary>
    public static string Body(FairnessReport report, FairnessRunInfo info, PolicyResult? policy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        var sb = new StringBuilder();
        sb.Append($"<h1>Fairness and performance report</h1><p>Input <code>{Html(info.Input)}</code> · n = {report.N}");
        if (report.BootstrapResamples > 0)
            sb.Append($" · bootstrap {report.BootstrapResamples} resamples, seed {info.Seed}; whiskers show {report.ConfidenceLevel:P0} percentile intervals");
        else
            sb.Append(" · whiskers show 95% Wilson intervals");
        sb.Append("</p>");
        if (policy is not null) AppendPolicy(sb, policy);
        sb.Append("<h2>Overall</h2><table><tr><th>metric</th><th>value</th><th>interval</th></tr>");
        foreach (var (k, v) in report.Overall)
            sb.Append($"<tr><td>{Html(k)}</td><td>{Num(v)}</td><td>{(report.OverallIntervals.TryGetValue(k, out var i) ? $"[{Num(i.Lower)}, {Num(i.Upper)}]" : "")}</td></tr>");
        sb.Append("</table>");
        foreach (var f in report.Features)
        {
            sb.Append($"<h2>{Html(f.Name)}</h2>");
            foreach (var metric in new[] { MetricNames.SelectionRate, MetricNames.TruePositiveRate, MetricNames.FalsePositiveRate })
            {
                var bars = f.Groups.Where(g => g.Metrics[MetricNames.Count] > 0).Select(g =>
                {
                    var has = g.BootstrapIntervals.TryGetValue(metric, out var ci) || g.WilsonIntervals.TryGetValue(metric, out ci);
                    return new SvgCharts.Bar(g.Key, g.Metrics[metric], has ? ci.Lower : null, has ? ci.Upper : null);
                }).ToList();
                sb.Append(SvgCharts.Bars($"{metric} by {f.Name}", bars));
            }
            var ratios = f.Groups.Where(g => g.Metrics[MetricNames.Count] > 0).Select(g =>
                f.ImpactRatios.Intervals.TryGetValue(g.Key, out var ci)
                    ? new SvgCharts.Bar(g.Key, f.ImpactRatios.Ratios[g.Key], ci.Lower, ci.Upper)
                    : new SvgCharts.Bar(g.Key, f.ImpactRatios.Ratios[g.Key])).ToList();
            sb.Append(SvgCharts.Bars($"impact ratio by {f.Name} (line: {Num(f.ImpactRatios.Threshold)})", ratios, f.ImpactRatios.Threshold));
            var curves = f.Groups.Where(g => g.Calibration is { Bins.Count: > 0 })
                .Select(g => new SvgCharts.Series(g.Key, g.Calibration!.Bins.Select(b => (b.MeanScore, b.FractionPositive)).ToList())).ToList();
            if (curves.Count > 0) sb.Append(SvgCharts.Calibration($"calibration by {f.Name}", curves));

            var metrics = f.Groups[0].Metrics.Keys.ToList();
            sb.Append("<table><tr><th>group</th>");
            foreach (var m in metrics) sb.Append($"<th>{Html(m)}</th>");
            sb.Append("<th>impact ratio</th></tr>");
            foreach (var g in f.Groups)
            {
                sb.Append($"<tr><td>{Html(g.Key)}{(g.BelowMinimumSize ? " <span class=\"warn\" title=\"small group\">⚠</span>" : "")}</td>");
                foreach (var m in metrics)
                {
                    var ci = g.BootstrapIntervals.TryGetValue(m, out var i) ? $"<br><small>[{Num(i.Lower)}, {Num(i.Upper)}]</small>" : "";
                    sb.Append($"<td>{Num(g.Metrics[m])}{ci}</td>");
                }
                var below = f.ImpactRatios.BelowThreshold.Contains(g.Key);
                sb.Append($"<td{(below ? " class=\"fail\"" : "")}>{Num(f.ImpactRatios.Ratios[g.Key])}</td></tr>");
            }
            sb.Append("</table><table><tr><th>disparity</th><th>value</th><th>interval</th></tr>");
            foreach (var (k, v) in f.Disparities)
                sb.Append($"<tr><td>{Html(k)}</td><td>{Num(v)}</td><td>{(f.DisparityIntervals.TryGetValue(k, out var i) ? $"[{Num(i.Lower)}, {Num(i.Upper)}]" : "")}</td></tr>");
            sb.Append("</table>");
        }
        if (report.Warnings.Count > 0)
        {
            sb.Append("<h2>Warnings</h2><ul>");
            foreach (var w in report.Warnings) sb.Append($"<li class=\"warn\">{Html(w)}</li>");
            sb.Append("</ul>");
        }
        return sb.ToString();
    }

    internal static void AppendPolicy(StringBuilder sb, PolicyResult policy)
    {
        sb.Append($"<h2>Policy: <span class=\"{(policy.Passed ? "pass" : "fail")}\">{(policy.Passed ? "passed" : "FAILED")}</span></h2>");
        sb.Append("<table><tr><th>rule</th><th>target</th><th>status</th><th>reason</th></tr>");
        foreach (var o in policy.Outcomes)
            sb.Append($"<tr><td>{Html(o.Rule.Id)}</td><td>{Html(o.Target)}</td><td class=\"{(o.Status == RuleStatus.Fail ? "fail" : "pass")}\">{PolicyJson.StatusName(o.Status)}</td><td>{Html(o.Reason)}</td></tr>");
        sb.Append("</table>");
    }
}
