using System.Globalization;
using System.Net;

namespace Attest.Evaluation.Reports;

internal static class ReportText
{
    public static string Num(double v) =>
        double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? (v > 0 ? "∞" : "−∞")
        : v == Math.Floor(v) && Math.Abs(v) < 1e15 ? v.ToString("0", CultureInfo.InvariantCulture)
        : v.ToString("0.0000", CultureInfo.InvariantCulture);

    public static string Md(string s) => s.Replace("|", "\\|", StringComparison.Ordinal);

    public static string Html(string s) => WebUtility.HtmlEncode(s);

    public static string Css => """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1f2937;max-width:1100px}
        table{border-collapse:collapse;margin:.5rem 0 1.5rem;display:block;overflow-x:auto;max-width:100%}th,td{border:1px solid #d1d5db;padding:.25rem .6rem;text-align:right}
        th:first-child,td:first-child{text-align:left}th{background:#f3f4f6}.fail{color:#b91c1c;font-weight:600}.pass{color:#15803d}
        .warn{color:#92400e}svg{margin:.5rem 0 1.5rem;background:#fff}h2{margin-top:2rem;border-bottom:1px solid #e5e7eb}
        """;
}
