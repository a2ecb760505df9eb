using System.Text;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using static Attest.Evaluation.Reports.ReportText;

namespace Attest.Evaluation.Reports;

public static class FairnessMarkdown
{
    public static string Render(FairnessReport report, FairnessRunInfo info, PolicyResult? policy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        var sb = new StringBuilder();
        sb.AppendLine("# Fairness and performance report").AppendLine();
        sb.AppendLine($"Input: `{info.Input}` · n = {report.N}" + (report.BootstrapResamples > 0
            ? $" · bootstrap {report.BootstrapResamples} resamples, seed {info.Seed}, {report.ConfidenceLevel:P0} percentile intervals" : "")).AppendLine();
        if (policy is not null) AppendPolicy(sb, policy);
        sb.AppendLine("## Overall").AppendLine().AppendLine("| metric | value | interval |").AppendLine("|---|---:|---|");
        foreach (var (k, v) in report.Overall)
            sb.AppendLine($"| {k} | {Num(v)} | {(report.OverallIntervals.TryGetValue(k, out var i) ? $"[{Num(i.Lower)}, {Num(i.Upper)}]" : "")} |");
        foreach (var f in report.Features)
        {
            sb.AppendLine().AppendLine($"## {Md(f.Name)}").AppendLine();
            var metrics = f.Groups[0].Metrics.Keys.ToList();
            sb.AppendLine("| group | " + string.Join(" | ", metrics) + " | impact ratio |");
            sb.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", metrics.Count + 1)));
            foreach (var g in f.Groups)
            {
                sb.Append($"| {Md(g.Key)}{(g.BelowMinimumSize ? " ⚠" : "")} |");
                foreach (var m in metrics)
                {
                    var ci = g.BootstrapIntervals.TryGetValue(m, out var i) ? $" [{Num(i.Lower)}, {Num(i.Upper)}]" : "";
                    sb.Append($" {Num(g.Metrics[m])}{ci} |");
                }
                sb.AppendLine($" {Num(f.ImpactRatios.Ratios[g.Key])} |");
            }
            sb.AppendLine().AppendLine($"Impact ratios against {(f.ImpactRatios.Basis == ImpactRatios.NamedReference ? "reference group" : "the highest-rate group")} " +
                $"'{Md(f.ImpactRatios.ReferenceGroup ?? "none")}'; below {Num(f.ImpactRatios.Threshold)}: " +
                (f.ImpactRatios.BelowThreshold.Count == 0 ? "none" : string.Join(", ", f.ImpactRatios.BelowThreshold.Select(Md))) + ".").AppendLine();
            sb.AppendLine("| disparity | value | interval |").AppendLine("|---|---:|---|");
            foreach (var (k, v) in f.Disparities)
                sb.AppendLine($"| {k} | {Num(v)} | {(f.DisparityIntervals.TryGetValue(k, out var i) ? $"[{Num(i.Lower)}, {Num(i.Upper)}]" : "")} |");
        }
        if (report.Warnings.Count > 0)
        {
            sb.AppendLine().AppendLine("## Warnings").AppendLine();
            foreach (var w in report.Warnings) sb.AppendLine($"- {w}");
        }
        return sb.ToString();
    }

    internal static void AppendPolicy(StringBuilder sb, PolicyResult policy)
    {
        sb.AppendLine($"## Policy: {(policy.Passed ? "passed" : "FAILED")}").AppendLine();
        sb.AppendLine("| rule | target | status | reason |").AppendLine("|---|---|---|---|");
        foreach (var o in policy.Outcomes)
            sb.AppendLine($"| {Md(o.Rule.Id)} | {Md(o.Target)} | {PolicyJson.StatusName(o.Status)} | {Md(o.Reason)} |");
        sb.AppendLine();
    }
}
