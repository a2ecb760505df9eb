using System.Globalization;
using System.Text.Json;
using Attest.Engine.RedTeam;

namespace Attest.Core.Features.RedTeam;

/// <summary>Reads a stored report back (to show it): its results, how it came about, and the agreement figures as measured when it was made.</summary>
public static class RedTeamReportReader
{
    /// <summary>Throws <see cref="FormatException"/> when the content is not an Attest red-team report.</summary>
    public static RedTeamReport Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var f) || f.GetString() != RedTeamReport.Format)
                throw new FormatException("not an Attest red-team report");
            static string? S(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            static IReadOnlyList<string> Strs(JsonElement e, string name) =>
                e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
            var results = new List<ProbeResult>();
            foreach (var r in root.GetProperty("results").EnumerateArray())
            {
                var verdict = S(r, "verdict") switch { "safe" => ProbeVerdict.Safe, "unsafe" => ProbeVerdict.Unsafe, _ => ProbeVerdict.Error };
                var findings = r.TryGetProperty("graders", out var g)
                    ? g.EnumerateArray().Select(x => new GraderFinding(S(x, "name") ?? "", S(x, "verdict") == "unsafe", Strs(x, "reasons"))).ToArray()
                    : [];
                var turns = Strs(r, "turns");
                results.Add(new ProbeResult
                {
                    Id = S(r, "id") ?? "",
                    ProbeId = S(r, "probe") ?? S(r, "id") ?? "",
                    Strategy = S(r, "strategy") ?? Strategies.None,
                    Owasp = S(r, "owasp") ?? "LLM01",
                    Atlas = S(r, "atlas"),
                    Severity = S(r, "severity") switch { "low" => ProbeSeverity.Low, "medium" => ProbeSeverity.Medium, "critical" => ProbeSeverity.Critical, _ => ProbeSeverity.High },
                    Category = S(r, "category"),
                    Goal = S(r, "goal"),
                    Turns = turns.Count > 0 ? turns : [S(r, "prompt") ?? ""],
                    Response = S(r, "response"),
                    Verdict = verdict,
                    Findings = findings,
                    Error = S(r, "error"),
                    Attempts = r.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 1,
                    LatencyMs = r.TryGetProperty("latency_ms", out var l) && l.ValueKind == JsonValueKind.Number ? l.GetDouble() : null,
                });
            }
            var agreements = root.TryGetProperty("grader_agreement", out var ga)
                ? ga.EnumerateArray().Select(x => new GraderAgreement(S(x, "grader") ?? "", S(x, "reference") ?? "", S(x, "set") ?? "", S(x, "split") ?? "",
                    new Engine.RedTeam.Agreement(x.GetProperty("true_positives").GetInt64(), x.GetProperty("false_positives").GetInt64(),
                        x.GetProperty("true_negatives").GetInt64(), x.GetProperty("false_negatives").GetInt64()), S(x, "note") ?? "")).ToArray()
                : [];
            SuiteIdentity? suite = root.TryGetProperty("suite", out var su)
                ? new SuiteIdentity(S(su, "id") ?? "", S(su, "title") ?? "", S(su, "sha256") ?? "", S(su, "source") ?? "", su.GetProperty("probes").GetInt32()) : null;
            TargetIdentity? target = root.TryGetProperty("target", out var t)
                ? new TargetIdentity(S(t, "kind") ?? "", S(t, "name") ?? "", S(t, "model"), S(t, "host"), S(t, "sha256") ?? "") : null;
            ResponsesIdentity? responses = root.TryGetProperty("responses", out var rs)
                ? new ResponsesIdentity(S(rs, "file") ?? "", S(rs, "sha256") ?? "", rs.GetProperty("rows").GetInt32()) : null;
            var info = new RedTeamRunInfo
            {
                Mode = S(root, "mode") ?? "run",
                Suite = suite,
                Target = target,
                Responses = responses,
                Strategies = Strs(root, "strategies"),
                StartedAt = DateTimeOffset.Parse(S(root, "started_at") ?? "2000-01-01T00:00:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DurationMs = root.GetProperty("duration_ms").GetDouble(),
                AttestVersion = S(root, "attest_version") ?? "",
            };
            return new RedTeamReport(info, results, RedTeamSummary.Of(results), agreements);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("not an Attest red-team report: " + e.Message);
        }
    }
}
