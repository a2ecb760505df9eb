using System.Globalization;
using System.Text;

namespace Attest.Evaluation.Reports;

/// <summary>Small hand-written inline SVG charts, so an HTML report is one self-contained file.</summary>
public static class SvgCharts
{
    private static readonly string[] Palette = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563", "#ca8a04"];

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public sealed record Bar(string Label, double Value, double? Lower = null, double? Upper = null);

    /// <summary>Vertical bars on [0, max] with optional interval whiskers; NaN bars are left empty.</summary>
    public static string Bars(string title, IReadOnlyList<Bar> bars, double? referenceLine = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int height = 220, top = 28, bottom = 48, left = 44;
        var slot = Math.Clamp(560 / Math.Max(1, bars.Count), 24, 90);
        var width = left + slot * bars.Count + 16;
        var max = 1.0;
        foreach (var b in bars)
            max = Math.Max(max, Math.Max(double.IsFinite(b.Value) ? b.Value : 0, b.Upper is { } u && double.IsFinite(u) ? u : 0));
        var plot = height - top - bottom;
        double Y(double v) => top + plot - Math.Clamp(v / max, 0, 1) * plot;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{ReportText.Html(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"600\">{ReportText.Html(title)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{width - 8}\" y2=\"{top + plot}\" stroke=\"#9ca3af\"/>");
        for (var t = 0; t <= 4; t++)
        {
            var v = max * t / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{F(Y(v) + 4)}\" font-size=\"10\" text-anchor=\"end\">{F(v)}</text>");
        }
        if (referenceLine is { } r)
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(Y(r))}\" x2=\"{width - 8}\" y2=\"{F(Y(r))}\" stroke=\"#b91c1c\" stroke-dasharray=\"4 3\"/>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var x = left + i * slot + slot * 0.15;
            var w = slot * 0.7;
            if (double.IsFinite(b.Value))
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(Y(b.Value))}\" width=\"{F(w)}\" height=\"{F(top + plot - Y(b.Value))}\" fill=\"{Palette[0]}\" opacity=\"0.8\"><title>{ReportText.Html(b.Label)}: {ReportText.Num(b.Value)}</title></rect>");
            if (b.Lower is { } lo && b.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
            {
                var cx = x + w / 2;
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(cx)}\" y1=\"{F(Y(lo))}\" x2=\"{F(cx)}\" y2=\"{F(Y(hi))}\" stroke=\"#111827\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(cx - 5)}\" y1=\"{F(Y(lo))}\" x2=\"{F(cx + 5)}\" y2=\"{F(Y(lo))}\" stroke=\"#111827\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(cx - 5)}\" y1=\"{F(Y(hi))}\" x2=\"{F(cx + 5)}\" y2=\"{F(Y(hi))}\" stroke=\"#111827\"/>");
            }
            var label = b.Label.Length > 14 ? b.Label[..13] + "…" : b.Label;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + w / 2)}\" y=\"{top + plot + 14}\" font-size=\"10\" text-anchor=\"middle\">{ReportText.Html(label)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>Calibration curves: mean score (x) against fraction positive (y) on [0,1]², with the diagonal.</summary>
    public static string Calibration(string title, IReadOnlyList<Series> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        const int size = 260, pad = 36;
        var plot = size - 2 * pad;
        double X(double v) => pad + v * plot;
        double Y(double v) => size - pad - v * plot;
        var sb = new StringBuilder();
        var width = size + 160;
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{size}\" role=\"img\" aria-label=\"{ReportText.Html(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{pad}\" y=\"16\" font-size=\"13\" font-weight=\"600\">{ReportText.Html(title)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{pad}\" y=\"{pad}\" width=\"{plot}\" height=\"{plot}\" fill=\"none\" stroke=\"#9ca3af\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(1)}\" y2=\"{Y(1)}\" stroke=\"#9ca3af\" stroke-dasharray=\"4 3\"/>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{size / 2}\" y=\"{size - 8}\" font-size=\"10\" text-anchor=\"middle\">mean score</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{size / 2}\" font-size=\"10\" transform=\"rotate(-90 10 {size / 2})\" text-anchor=\"middle\">fraction positive</text>");
        for (var s = 0; s < series.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var points = string.Join(' ', series[s].Points.Select(p => $"{F(X(p.X))},{F(Y(p.Y))}"));
            sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{points}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>");
            foreach (var p in series[s].Points)
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.X))}\" cy=\"{F(Y(p.Y))}\" r=\"2.5\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{size + 4}\" y=\"{pad + s * 16}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{size + 18}\" y=\"{pad + s * 16 + 9}\" font-size=\"10\">{ReportText.Html(series[s].Name)}</text>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Reference vs current shares per bin, side by side.</summary>
    public static string Histogram(string title, IReadOnlyList<string> bins, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(bins);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        const int height = 200, top = 28, bottom = 40, left = 40;
        var slot = Math.Clamp(560 / Math.Max(1, bins.Count), 10, 60);
        var width = left + slot * bins.Count + 120;
        var max = 0.0;
        for (var i = 0; i < bins.Count; i++) max = Math.Max(max, Math.Max(reference[i], current[i]));
        if (max <= 0) max = 1;
        var plot = height - top - bottom;
        double H(double v) => v / max * plot;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{ReportText.Html(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"16\" font-size=\"13\" font-weight=\"600\">{ReportText.Html(title)}</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top + plot}\" x2=\"{left + slot * bins.Count}\" y2=\"{top + plot}\" stroke=\"#9ca3af\"/>");
        for (var i = 0; i < bins.Count; i++)
        {
            var x = left + i * slot;
            var w = slot * 0.42;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + slot * 0.06)}\" y=\"{F(top + plot - H(reference[i]))}\" width=\"{F(w)}\" height=\"{F(H(reference[i]))}\" fill=\"{Palette[0]}\"><title>{ReportText.Html(bins[i])} reference {ReportText.Num(reference[i])}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x + slot * 0.5)}\" y=\"{F(top + plot - H(current[i]))}\" width=\"{F(w)}\" height=\"{F(H(current[i]))}\" fill=\"{Palette[1]}\"><title>{ReportText.Html(bins[i])} current {ReportText.Num(current[i])}</title></rect>");
            if (bins.Count <= 12)
            {
                var label = bins[i].Length > 10 ? bins[i][..9] + "…" : bins[i];
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + slot / 2.0)}\" y=\"{top + plot + 14}\" font-size=\"9\" text-anchor=\"middle\">{ReportText.Html(label)}</text>");
            }
        }
        var lx = left + slot * bins.Count + 10;
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{top}\" width=\"10\" height=\"10\" fill=\"{Palette[0]}\"/><text x=\"{lx + 14}\" y=\"{top + 9}\" font-size=\"10\">reference</text>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{lx}\" y=\"{top + 16}\" width=\"10\" height=\"10\" fill=\"{Palette[1]}\"/><text x=\"{lx + 14}\" y=\"{top + 25}\" font-size=\"10\">current</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
