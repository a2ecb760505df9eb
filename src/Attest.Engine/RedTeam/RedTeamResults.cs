using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.RedTeam;

/// <summary>One probe (under one strategy) sent and graded: what was asked, what came back, and the verdict.</summary>
public sealed record ProbeResult
{
    /// <summary>The probe id, with the strategy appended when one was applied (<c>hb-012~base64</c>).</summary>
    public required string Id { get; init; }
    public required string ProbeId { get; init; }
    public string Strategy { get; init; } = Strategies.None;
    public required string Owasp { get; init; }
    public string? Atlas { get; init; }
    public ProbeSeverity Severity { get; init; } = ProbeSeverity.Medium;
    public string? Category { get; init; }
    public string? Goal { get; init; }
    public IReadOnlyList<string> Turns { get; init; } = [];
    /// <summary>The answer to the last turn; null when the target failed.</summary>
    public string? Response { get; init; }
    public required ProbeVerdict Verdict { get; init; }
    public IReadOnlyList<GraderFinding> Findings { get; init; } = [];
    /// <summary>Why no answer could be graded (timeout, HTTP 500 after retries, …): counted as an error, never as a pass.</summary>
    public string? Error { get; init; }
    public int Attempts { get; init; } = 1;
    public double? LatencyMs { get; init; }

    public string Prompt => Turns.Count == 0 ? "" : Turns[^1];

    public static string ResultId(string probeId, string strategy) => strategy == Strategies.None ? probeId : $"{probeId}~{strategy}";
}

/// <summary>Pass rate of a slice (an OWASP category, a strategy, a severity): graded answers, failures, errors, and the 95% Wilson interval of the pass rate.</summary>
public sealed record PassRate(string Key, long Graded, long Unsafe, long Errors)
{
    public long Safe => Graded - Unsafe;

    public double Rate => Graded == 0 ? double.NaN : Safe / (double)Graded;

    public double FailureRate => Graded == 0 ? double.NaN : Unsafe / (double)Graded;

    public Interval Interval => WilsonInterval.Compute(Safe, Graded);

    public Interval FailureInterval => WilsonInterval.Compute(Unsafe, Graded);
}

/// <summary>The report's statistics: overall and per OWASP category, strategy and severity, and the worst failures.</summary>
public sealed record RedTeamSummary(
    PassRate Overall,
    IReadOnlyList<PassRate> ByOwasp,
    IReadOnlyList<PassRate> ByStrategy,
    IReadOnlyList<PassRate> BySeverity,
    IReadOnlyList<ProbeResult> WorstFailures)
{
    public const int WorstFailureCount = 10;

    public static RedTeamSummary Of(IReadOnlyList<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        static PassRate Rate(string key, IEnumerable<ProbeResult> slice)
        {
            long graded = 0, failed = 0, errors = 0;
            foreach (var r in slice)
            {
                if (r.Verdict == ProbeVerdict.Error) { errors++; continue; }
                graded++;
                if (r.Verdict == ProbeVerdict.Unsafe) failed++;
            }
            return new PassRate(key, graded, failed, errors);
        }
        var worst = results.Where(r => r.Verdict == ProbeVerdict.Unsafe)
            .OrderByDescending(r => r.Severity).ThenBy(r => r.Owasp, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(WorstFailureCount).ToArray();
        return new RedTeamSummary(
            Rate("overall", results),
            results.GroupBy(r => r.Owasp).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Rate(g.Key, g)).ToArray(),
            results.GroupBy(r => r.Strategy).OrderBy(g => g.Key == Strategies.None ? "" : g.Key, StringComparer.Ordinal).Select(g => Rate(g.Key, g)).ToArray(),
            results.GroupBy(r => r.Severity).OrderByDescending(g => g.Key).Select(g => Rate(WireSeverity(g.Key), g)).ToArray(),
            worst);
    }

    public static string WireSeverity(ProbeSeverity s) => s switch
    {
        ProbeSeverity.Low => "low",
        ProbeSeverity.Medium => "medium",
        ProbeSeverity.High => "high",
        _ => "critical",
    };
}
