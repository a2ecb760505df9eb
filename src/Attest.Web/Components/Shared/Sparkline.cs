using System.Globalization;
using System.Text;
using Attest.Core.Features.Kpis;
using Attest.Engine.Kpis;
using Microsoft.AspNetCore.Components;

namespace Attest.Web.Components.Shared;

/// <summary>
/// A KPI's trend as a tiny server-rendered SVG: a polyline through the daily values, the target as a dashed line, the
/// last value as a dot. Hand-written on purpose: a sparkline is one polyline, and a plotting library's SVG (axes, fonts,
/// clip paths) weighs kilobytes per tile. Days without a value (not measured) break the line. Scaled between the lowest
/// and highest of the values and the target, so the target line is always in view.
/// </summary>
public static class Sparkline
{
    public const int Width = 160;
    public const int Height = 36;
    private const double Pad = 3;

    public static MarkupString Svg(IReadOnlyList<KpiPointDto> points, KpiDto kpi)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(kpi);
        var values = points.Where(p => p.Value is not null).Select(p => p.Value!.Value).Append(kpi.Target).ToList();
        if (points.Count(p => p.Value is not null) < 2)
            return new MarkupString($"<span class=\"sparkline-none hint\">No trend yet ({points.Count(p => p.Value is not null)} day{(points.Count(p => p.Value is not null) == 1 ? "" : "s")} of history).</span>");
        var (min, max) = (values.Min(), values.Max());
        if (max - min < 1e-9)
            (min, max) = (min - 1, max + 1);
        var first = points[0].Day.DayNumber;
        var span = Math.Max(1, points[^1].Day.DayNumber - first);
        double X(DateOnly day) => Pad + (day.DayNumber - first) * (Width - 2 * Pad) / span;
        double Y(double v) => Height - Pad - (v - min) * (Height - 2 * Pad) / (max - min);
        static string F(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);

        var lines = new List<StringBuilder>();
        StringBuilder? current = null;
        foreach (var p in points)
        {
            if (p.Value is not { } v)
            {
                current = null;
                continue;
            }
            if (current is null)
                lines.Add(current = new StringBuilder());
            else
                current.Append(' ');
            current.Append(F(X(p.Day))).Append(',').Append(F(Y(v)));
        }
        var last = points.Last(p => p.Value is not null);
        var firstValue = points.First(p => p.Value is not null);
        var label = $"Trend of {kpi.Name} from {firstValue.Day:yyyy-MM-dd} ({KpiWords.Amount(kpi.Definition.Unit, firstValue.Value!.Value)}) "
            + $"to {last.Day:yyyy-MM-dd} ({KpiWords.Amount(kpi.Definition.Unit, last.Value!.Value)}), target {KpiWords.Amount(kpi.Definition.Unit, kpi.Target)}";
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"sparkline\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(label)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"target\" x1=\"0\" x2=\"{Width}\" y1=\"{F(Y(kpi.Target))}\" y2=\"{F(Y(kpi.Target))}\"/>");
        foreach (var line in lines)
            svg.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{line}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{KpiWords.StatusClass(last.Status)}\" cx=\"{F(X(last.Day))}\" cy=\"{F(Y(last.Value.Value))}\" r=\"2.5\"/>");
        svg.Append("</svg>");
        return new MarkupString(svg.ToString());
    }
}
