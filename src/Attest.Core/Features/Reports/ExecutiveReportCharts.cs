using Attest.Core.Features.Kpis;
using Attest.Engine.Kpis;
using ScottPlot;

namespace Attest.Core.Features.Reports;

/// <summary>
/// The report's charts, drawn server-side as SVG with ScottPlot: the percentage KPIs against their targets (green met, red
/// not met, start-of-period value beside each) and the portfolio's systems and control coverage by tier.
/// </summary>
public static class ExecutiveReportCharts
{
    private static readonly Color Met = Color.FromHex("#2e7d32");
    private static readonly Color NotMet = Color.FromHex("#c62828");
    private static readonly Color Before = Color.FromHex("#b0bec5");
    private static readonly Color Neutral = Color.FromHex("#1565c0");

    /// <summary>Measured percentage KPIs: the value at the end of the period (coloured by status) beside the value at its start (grey).</summary>
    public static string KpiChart(IReadOnlyList<ReportKpi> kpis)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        var shown = kpis.Where(k => k.Kpi.Definition.Unit == KpiUnit.Percent && k.Kpi.Value is not null).ToList();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < shown.Count; i++)
        {
            var k = shown[i];
            if (k.StartValue is { } before)
                bars.Add(new Bar { Position = (i * 3) + 0, Value = before, FillColor = Before });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = k.Kpi.Value!.Value, FillColor = k.Kpi.Status == KpiStatus.Met ? Met : NotMet });
        }
        if (bars.Count > 0)
            plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. shown.Select((_, i) => (i * 3) + 0.5)], [.. shown.Select(k => Wrap(k.Kpi.Name))]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Axes.Left.Label.Text = "% (grey: start of period)";
        plot.Axes.SetLimitsY(0, 105);
        plot.Title("KPIs at the end of the period against the start");
        return plot.GetSvgXml(900, 420);
    }

    /// <summary>Systems per tier (bars) with the share of their required controls satisfied in each tier's label.</summary>
    public static string TierChart(IReadOnlyList<TierPosture> posture)
    {
        ArgumentNullException.ThrowIfNull(posture);
        var plot = new Plot();
        var bars = posture.Select((p, i) => new Bar { Position = i, Value = p.Systems, FillColor = Neutral }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. posture.Select((_, i) => (double)i)],
            [.. posture.Select(p => p.ControlCoverage is { } c ? $"{p.Tier}\n{c:0.#}% controls" : p.Tier)]);
        plot.Axes.Left.Label.Text = "systems";
        plot.Axes.SetLimitsY(0, Math.Max(1, posture.Max(p => p.Systems)) * 1.15);
        plot.Title("Portfolio by tier");
        return plot.GetSvgXml(700, 320);
    }

    private static string Wrap(string name) => name.Length <= 28 ? name : name[..27] + "…";
}
