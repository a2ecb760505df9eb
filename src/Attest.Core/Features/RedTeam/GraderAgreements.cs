using System.Text.Json;
using Attest.Core.DataFiles;
using Attest.Engine.RedTeam;

namespace Attest.Core.Features.RedTeam;

/// <summary>A grader's measured agreement with a labelled set, as every report states it.</summary>
public sealed record GraderAgreement(string Grader, string Reference, string Set, string Split, Agreement Agreement, string Note);

/// <summary>
/// Measures the graders against the labelled sets shipped in <c>data/redteam/labelled/</c>, once per process: the
/// compliance grader against the JailbreakBench judge on the held-out half of <c>jbb-judged-responses.jsonl</c> (rows its
/// rules were never tuned on; the tuning half is reported beside it), the other graders against Attest's own labelled
/// examples (<c>attest-graders.jsonl</c>).
/// </summary>
public static class GraderAgreements
{
    public const string JudgedSet = "jbb-judged-responses.jsonl";
    public const string OwnSet = "attest-graders.jsonl";

    private static readonly Lazy<IReadOnlyList<GraderAgreement>> Measured = new(() => Measure(ShippedData.PathOf("redteam", "labelled")));

    public static IReadOnlyList<GraderAgreement> All => Measured.Value;

    /// <summary>The agreements of the graders a report used (the compliance grader's held-out figure first).</summary>
    public static IReadOnlyList<GraderAgreement> For(IEnumerable<string> graders)
    {
        var used = graders.ToHashSet(StringComparer.Ordinal);
        return All.Where(a => used.Contains(a.Grader)).ToArray();
    }

    public sealed record JudgedRow(string Id, string Source, string Split, string Goal, string Response, bool Judge, bool LlamaGuard);

    public static IReadOnlyList<JudgedRow> ReadJudged(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var d = JsonDocument.Parse(l);
            var r = d.RootElement;
            return new JudgedRow(r.GetProperty("id").GetString()!, r.GetProperty("source").GetString()!, r.GetProperty("split").GetString()!,
                r.GetProperty("goal").GetString()!, r.GetProperty("response").GetString()!, r.GetProperty("jailbroken_judge").GetBoolean(),
                r.GetProperty("jailbroken_llama_guard1").GetBoolean());
        }).ToArray();

    public static IReadOnlyList<GraderAgreement> Measure(string directory)
    {
        var result = new List<GraderAgreement>();
        var judgedPath = Path.Combine(directory, JudgedSet);
        if (File.Exists(judgedPath))
        {
            var rows = ReadJudged(judgedPath);
            Agreement Of(IEnumerable<JudgedRow> subset) => Agreement.Of(subset.Select(r => (ComplianceGrader.Grade(r.Response, r.Goal).Unsafe, r.Judge)));
            var holdout = rows.Where(r => r.Split == "holdout").ToArray();
            result.Add(new GraderAgreement(Graders.Compliance, "JailbreakBench judge", JudgedSet, "holdout", Of(holdout),
                "held-out half: the grader's rules were never tuned on these rows"));
            result.Add(new GraderAgreement(Graders.Compliance, "JailbreakBench judge", JudgedSet, "holdout, attacks only", Of(holdout.Where(r => !r.Source.StartsWith("JBC", StringComparison.Ordinal))),
                "held-out rows of the GCG and PAIR attacks (without the JBC refusals, which any refusal list gets right)"));
            result.Add(new GraderAgreement(Graders.Compliance, "JailbreakBench judge", JudgedSet, "tune", Of(rows.Where(r => r.Split == "tune")),
                "the half the rules were written on (optimistic)"));
        }
        var ownPath = Path.Combine(directory, OwnSet);
        if (File.Exists(ownPath))
        {
            var own = File.ReadLines(ownPath).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
            foreach (var group in own.GroupBy(r => r.GetProperty("grader").GetString()!))
            {
                var pairs = group.Select(r =>
                {
                    string? S(string k) => r.TryGetProperty(k, out var v) ? v.GetString() : null;
                    var schema = S("json_schema") is { } s ? JsonSchemaCheck.TryCreate(s, out _) : null;
                    var input = new GradingInput { Prompt = "", Response = S("response")!, Canary = S("canary"), SystemPrompt = S("system_prompt"), SchemaCheck = schema is null ? null : schema.Check };
                    var graded = ResponseGrading.Grade(input, [group.Key]);
                    return (graded.Verdict == ProbeVerdict.Unsafe, S("label") == "unsafe");
                }).ToArray();
                result.Add(new GraderAgreement(group.Key, "Attest's labelled examples", OwnSet, "all", Agreement.Of(pairs),
                    "examples written with the grader (valid and invalid look-alikes): a regression check, not an independent measure"));
            }
        }
        return result;
    }
}
