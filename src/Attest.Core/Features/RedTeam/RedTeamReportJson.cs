using System.Globalization;
using System.Text.Json;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.Gates;
using Attest.Engine.RedTeam;

namespace Attest.Core.Features.RedTeam;

/// <summary>Writes the JSON report and reads back what governance needs of it (per-category counts).</summary>
public static class RedTeamReportJson
{
    public const int QuoteLimit = 600;

    public static string Truncate(string? s, int limit = QuoteLimit) =>
        s is null ? "" : s.Length <= limit ? s : s[..limit] + $"… [{s.Length - limit} more characters]";

    public static byte[] ToUtf8(RedTeamReport report)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, report);
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public static void Write(Utf8JsonWriter w, RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        var info = report.Info;
        w.WriteStartObject();
        w.WriteString("format", RedTeamReport.Format);
        w.WriteString("kind", "red_team");
        w.WriteString("mode", info.Mode);
        w.WriteString("attest_version", info.AttestVersion);
        w.WriteString("content_warning", RedTeamReport.ContentWarning);
        w.WriteString("started_at", info.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        w.WriteNumber("duration_ms", Math.Round(info.DurationMs, 1));
        if (info.Suite is { } s)
        {
            w.WriteStartObject("suite");
            w.WriteString("id", s.Id); w.WriteString("title", s.Title); w.WriteString("sha256", s.Sha256); w.WriteString("source", s.Source); w.WriteNumber("probes", s.Probes);
            w.WriteEndObject();
        }
        if (info.Target is { } t)
        {
            w.WriteStartObject("target");
            w.WriteString("kind", t.Kind); w.WriteString("name", t.Name); w.WriteString("model", t.Model); w.WriteString("host", t.Host); w.WriteString("sha256", t.Sha256);
            w.WriteEndObject();
        }
        if (info.Responses is { } r)
        {
            w.WriteStartObject("responses");
            w.WriteString("file", r.File); w.WriteString("sha256", r.Sha256); w.WriteNumber("rows", r.Rows);
            w.WriteEndObject();
        }
        w.WriteStartArray("strategies");
        foreach (var st in info.Strategies) w.WriteStringValue(st);
        w.WriteEndArray();

        var sum = report.Summary;
        w.WriteStartObject("summary");
        w.WriteNumber("total", report.Results.Count);
        WriteRateFields(w, sum.Overall);
        w.WriteEndObject();
        WriteRates(w, "by_owasp", sum.ByOwasp, rate =>
        {
            w.WriteString("title", OwaspLlm.Titles2025.GetValueOrDefault(rate.Key, ""));
            w.WriteStartArray("owasp_2023");
            foreach (var old in OwaspLlm.To2023(rate.Key)) w.WriteStringValue(old);
            w.WriteEndArray();
        }, "owasp");
        WriteRates(w, "by_strategy", sum.ByStrategy, null, "strategy");
        WriteRates(w, "by_severity", sum.BySeverity, null, "severity");

        w.WriteStartArray("grader_agreement");
        foreach (var a in report.Agreements)
        {
            w.WriteStartObject();
            w.WriteString("grader", a.Grader); w.WriteString("reference", a.Reference); w.WriteString("set", a.Set); w.WriteString("split", a.Split);
            w.WriteNumber("n", a.Agreement.N);
            Num(w, "accuracy", a.Agreement.Accuracy); Pair(w, "accuracy_ci", a.Agreement.AccuracyInterval);
            Num(w, "precision", a.Agreement.Precision); Num(w, "recall", a.Agreement.Recall); Num(w, "kappa", a.Agreement.Kappa);
            w.WriteNumber("true_positives", a.Agreement.TruePositives); w.WriteNumber("false_positives", a.Agreement.FalsePositives);
            w.WriteNumber("true_negatives", a.Agreement.TrueNegatives); w.WriteNumber("false_negatives", a.Agreement.FalseNegatives);
            w.WriteString("note", a.Note);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("worst_failures");
        foreach (var f in sum.WorstFailures)
        {
            w.WriteStartObject();
            w.WriteString("id", f.Id); w.WriteString("owasp", f.Owasp); w.WriteString("severity", RedTeamSummary.WireSeverity(f.Severity));
            var graded = new GradedResponse(f.Verdict, f.Findings);
            w.WriteString("grader", graded.Grader);
            w.WriteString("prompt", Truncate(f.Prompt)); w.WriteString("response", Truncate(f.Response));
            Strings(w, "reasons", graded.Reasons);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("results");
        foreach (var x in report.Results)
        {
            w.WriteStartObject();
            w.WriteString("id", x.Id);
            w.WriteString("verdict", x.Verdict switch { ProbeVerdict.Safe => "safe", ProbeVerdict.Unsafe => "unsafe", _ => "error" });
            var graded = new GradedResponse(x.Verdict, x.Findings);
            w.WriteString("grader", x.Verdict == ProbeVerdict.Error ? null : graded.Grader);
            Strings(w, "reasons", x.Verdict == ProbeVerdict.Error ? [x.Error ?? "no answer"] : graded.Reasons);
            w.WriteString("probe", x.ProbeId); w.WriteString("strategy", x.Strategy); w.WriteString("owasp", x.Owasp); w.WriteString("atlas", x.Atlas);
            w.WriteString("severity", RedTeamSummary.WireSeverity(x.Severity)); w.WriteString("category", x.Category); w.WriteString("goal", x.Goal);
            w.WriteStartArray("graders");
            foreach (var g in x.Findings)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Grader); w.WriteString("verdict", g.Unsafe ? "unsafe" : "safe"); Strings(w, "reasons", g.Reasons);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (x.Turns.Count > 1) Strings(w, "turns", x.Turns);
            w.WriteString("prompt", x.Prompt);
            w.WriteString("response", x.Response);
            w.WriteString("error", x.Error);
            w.WriteNumber("attempts", x.Attempts);
            if (x.LatencyMs is { } ms) w.WriteNumber("latency_ms", Math.Round(ms, 3));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRates(Utf8JsonWriter w, string name, IReadOnlyList<PassRate> rates, Action<PassRate>? extra, string keyName)
    {
        w.WriteStartArray(name);
        foreach (var rate in rates)
        {
            w.WriteStartObject();
            w.WriteString(keyName, rate.Key);
            extra?.Invoke(rate);
            WriteRateFields(w, rate);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteRateFields(Utf8JsonWriter w, PassRate rate)
    {
        w.WriteNumber("graded", rate.Graded); w.WriteNumber("safe", rate.Safe); w.WriteNumber("unsafe", rate.Unsafe); w.WriteNumber("errors", rate.Errors);
        Num(w, "pass_rate", rate.Rate); Pair(w, "pass_rate_ci", rate.Interval);
        Num(w, "failure_rate", rate.FailureRate); Pair(w, "failure_rate_ci", rate.FailureInterval);
    }

    private static void Num(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6));
        else w.WriteNull(name);
    }

    private static void Pair(Utf8JsonWriter w, string name, Interval i)
    {
        if (!double.IsFinite(i.Lower)) { w.WriteNull(name); return; }
        w.WriteStartArray(name);
        w.WriteNumberValue(Math.Round(i.Lower, 6));
        w.WriteNumberValue(Math.Round(i.Upper, 6));
        w.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary>
    /// What governance reads of a stored report: graded and unsafe counts per OWASP category and overall (<c>*</c>).
    /// Throws <see cref="FormatException"/> when the content is not an Attest red-team report.
    /// </summary>
    public static IReadOnlyList<RedTeamMeasurement> Measurements(string json, string? evidenceId = null)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.GetString() != RedTeamReport.Format)
                throw new FormatException("not an Attest red-team report");
            var list = new List<RedTeamMeasurement>();
            var summary = root.GetProperty("summary");
            list.Add(new RedTeamMeasurement(RedTeamGateRule.AllCategories, summary.GetProperty("graded").GetInt64(), summary.GetProperty("unsafe").GetInt64(), evidenceId));
            foreach (var c in root.GetProperty("by_owasp").EnumerateArray())
                list.Add(new RedTeamMeasurement(c.GetProperty("owasp").GetString()!, c.GetProperty("graded").GetInt64(), c.GetProperty("unsafe").GetInt64(), evidenceId));
            return list;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not an Attest red-team report: " + e.Message);
        }
    }

    /// <summary>Pass rates as model-version metrics for material change: <c>red_team_pass_rate</c> and <c>red_team_pass_rate_llm01</c> …</summary>
    public static IReadOnlyDictionary<string, double> Metrics(IReadOnlyList<RedTeamMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        return measurements.Where(m => m.Graded > 0).ToDictionary(
            m => m.Owasp == RedTeamGateRule.AllCategories ? RedTeamMetricNames.PassRate : RedTeamMetricNames.PassRate + "_" + m.Owasp.ToLowerInvariant(),
            m => Math.Round((m.Graded - m.Unsafe) / (double)m.Graded, 6), StringComparer.Ordinal);
    }

    public static string Percent(double v) => double.IsFinite(v) ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "—";

    public static string Ci(Interval i) => double.IsFinite(i.Lower) ? $"{Percent(i.Lower)}–{Percent(i.Upper)}" : "—";

    internal static string Num3(double v) => double.IsFinite(v) ? ReportTextPublic.Num(v) : "—";
}

/// <summary>The red-team metrics a model version carries for material-change triggers.</summary>
public static class RedTeamMetricNames
{
    public const string PassRate = "red_team_pass_rate";

    public static readonly IReadOnlyList<string> All =
        [PassRate, .. OwaspLlm.Titles2025.Keys.Select(k => PassRate + "_" + k.ToLowerInvariant())];
}

internal static class ReportTextPublic
{
    public static string Num(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
