using System.Globalization;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using Spectre.Console;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>The terminal summary: overall metrics, disparities per feature, warnings and the policy verdict.</summary>
internal static class FairnessSummary
{
    public static void Render(IAnsiConsole ansi, FairnessReport report, PolicyResult? policy)
    {
        var overall = new Table().Title($"Overall (n = {report.N})").AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (k, v) in report.Overall)
            if (k != MetricNames.Count) overall.AddRow(k, Format(v));
        ansi.Write(overall);

        foreach (var feature in report.Features)
        {
            var table = new Table().Title(Markup.Escape(feature.Name)).AddColumn("group").AddColumn(new TableColumn("n").RightAligned())
                .AddColumn(new TableColumn("selection").RightAligned()).AddColumn(new TableColumn("TPR").RightAligned())
                .AddColumn(new TableColumn("FPR").RightAligned()).AddColumn(new TableColumn("impact ratio").RightAligned());
            foreach (var g in feature.Groups)
                table.AddRow(Markup.Escape(g.Key), Format(g.Metrics[MetricNames.Count]), Format(g.Metrics[MetricNames.SelectionRate]),
                    Format(g.Metrics[MetricNames.TruePositiveRate]), Format(g.Metrics[MetricNames.FalsePositiveRate]),
                    Format(feature.ImpactRatios.Ratios[g.Key]));
            ansi.Write(table);
            var disparities = new Table().AddColumn("disparity").AddColumn(new TableColumn("value").RightAligned());
            foreach (var (k, v) in feature.Disparities)
            {
                var ci = feature.DisparityIntervals.TryGetValue(k, out var i) ? $" [{Format(i.Lower)}, {Format(i.Upper)}]" : "";
                disparities.AddRow(k, Markup.Escape(Format(v) + ci));
            }
            ansi.Write(disparities);
        }
        foreach (var w in report.Warnings) ansi.MarkupLine("[yellow]warning:[/] " + Markup.Escape(w));
        if (policy is not null) RenderPolicy(ansi, policy);
    }

    public static void RenderPolicy(IAnsiConsole ansi, PolicyResult policy)
    {
        var table = new Table().Title(policy.Passed ? "Policy: passed" : "Policy: FAILED")
            .AddColumn("rule").AddColumn("target").AddColumn("status").AddColumn("reason");
        foreach (var o in policy.Outcomes)
            table.AddRow(Markup.Escape(o.Rule.Id), Markup.Escape(o.Target), PolicyJson.StatusName(o.Status), Markup.Escape(o.Reason));
        ansi.Write(table);
    }

    public static string Format(double v) =>
        double.IsNaN(v) ? "NaN" : v == Math.Floor(v) && Math.Abs(v) < 1e15 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
