using System.Globalization;
using System.Net;
using System.Text;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// One signal's time series as inline SVG: the values over time (95 % interval whiskers when judged on intervals), the
/// threshold as a dashed red line, breaches in red, insufficient data hollow, and a marker where the model version changed.
/// Scaled with a viewBox, so it fits a 390 px screen; the page gives the same numbers as a table beside it.
/// </summary>
public static class SignalChart
{
    private const int Width = 640, Height = 240, Left = 52, Right = 16, Top = 28, Bottom = 40;

    public static string Render(string title, IReadOnlyList<SeriesPointDto> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"100%\" style=\"max-width:{Width}px\" role=\"img\" aria-label=\"{H(Describe(title, points))}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" font-size=\"13\" font-weight=\"600\">{H(title)}</text>");
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{Width - Right}\" y2=\"{Top + plotH}\" stroke=\"#9ca3af\"/>");
        if (points.Count == 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotW / 2}\" y=\"{Top + plotH / 2}\" font-size=\"12\" text-anchor=\"middle\" fill=\"#6b7280\">not evaluated yet</text></svg>");
            return sb.ToString();
        }

        var values = points.SelectMany(p => new[] { p.Value, p.Lower, p.Upper, p.Threshold }).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        var low = values.Min();
        var high = values.Max();
        if (high - low < 1e-9) { low -= 0.5; high += 0.5; }
        var pad = (high - low) * 0.08;
        low -= pad;
        high += pad;
        var start = points[0].EvaluatedAt;
        var span = Math.Max(1, (points[^1].EvaluatedAt - start).TotalSeconds);
        double X(DateTimeOffset t) => points.Count == 1 ? Left + plotW / 2.0 : Left + (t - start).TotalSeconds / span * plotW;
        double Y(double v) => Top + plotH - (v - low) / (high - low) * plotH;

        for (var t = 0; t <= 4; t++)
        {
            var v = low + (high - low) * t / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{F(Y(v) + 4)}\" font-size=\"10\" text-anchor=\"end\">{Num(v)}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"10\">{Day(points[0].EvaluatedAt)}</text>");
        if (points.Count > 1)
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - 8}\" font-size=\"10\" text-anchor=\"end\">{Day(points[^1].EvaluatedAt)}</text>");

        // Threshold: the latest one (a plan version may have moved it); the points keep their own in the table.
        var threshold = points[^1].Threshold;
        if (double.IsFinite(threshold))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(Y(threshold))}\" x2=\"{Width - Right}\" y2=\"{F(Y(threshold))}\" stroke=\"#b91c1c\" stroke-dasharray=\"5 4\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{F(Y(threshold) - 4)}\" font-size=\"10\" text-anchor=\"end\" fill=\"#b91c1c\">threshold {H(points[^1].Comparator)} {Num(threshold)}</text>");
        }

        for (var i = 1; i < points.Count; i++)
            if (points[i].ModelVersion != points[i - 1].ModelVersion)
            {
                var x = X(points[i].EvaluatedAt);
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{Top}\" x2=\"{F(x)}\" y2=\"{Top + plotH}\" stroke=\"#6b7280\" stroke-dasharray=\"2 3\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 3)}\" y=\"{Top + 10}\" font-size=\"10\" fill=\"#374151\">{H(points[i].ModelVersion)}</text>");
            }

        var line = points.Where(p => p.Value is { } v && double.IsFinite(v)).Select(p => $"{F(X(p.EvaluatedAt))},{F(Y(p.Value!.Value))}").ToList();
        if (line.Count > 1)
            sb.Append(CultureInfo.InvariantCulture, $"<polyline points=\"{string.Join(' ', line)}\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\"/>");
        foreach (var p in points)
        {
            var x = X(p.EvaluatedAt);
            if (p.Lower is { } lo && p.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(Y(lo))}\" x2=\"{F(x)}\" y2=\"{F(Y(hi))}\" stroke=\"#93c5fd\" stroke-width=\"3\"/>");
            if (p.Value is not { } value || !double.IsFinite(value)) continue;
            var (fill, stroke) = p.Status switch
            {
                "breached" => ("#dc2626", "#991b1b"),
                "insufficient_data" => ("#ffffff", "#6b7280"),
                _ => ("#16a34a", "#166534"),
            };
            sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(Y(value))}\" r=\"4\" fill=\"{fill}\" stroke=\"{stroke}\"><title>{H($"{Day(p.EvaluatedAt)}: {Num(value)} ({p.Status.Replace('_', ' ')}, n = {p.N}, {p.ModelVersion})")}</title></circle>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>What a screen reader hears instead of the picture.</summary>
    public static string Describe(string title, IReadOnlyList<SeriesPointDto> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) return $"{title}: not evaluated yet";
        var last = points[^1];
        var breaches = points.Count(p => p.Status == "breached");
        return $"{title}: {points.Count} evaluations, {breaches} past the threshold; latest {(last.Value is { } v ? Num(v) : "no value")} ({last.Status.Replace('_', ' ')}) against {last.Comparator} {Num(last.Threshold)}";
    }

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
