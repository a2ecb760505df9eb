namespace Attest.Engine.Evaluation.Policy;

public enum PolicyComparator { GreaterOrEqual, Greater, LessOrEqual, Less }

/// <summary>What value of a metric is compared: the point estimate, or a bound of its bootstrap interval.</summary>
public enum PolicyJudgement
{
    Point,
    /// <summary>The conservative bound: lower for ≥/&gt; rules, upper for ≤/&lt; rules.</summary>
    ConfidenceBound,
    CiLower,
    CiUpper,
}

/// <summary>
/// One release-gate rule. <see cref="Metric"/> is a disparity (needs <see cref="Feature"/>), "impact_ratio"
/// (needs a feature; judged per group), or a group metric (per group of the feature, or overall without one).
/// Groups or features with fewer than <see cref="MinN"/> rows are not judged.
/// </summary>
public sealed record PolicyRule(
    string Id,
    string Metric,
    string? Feature,
    string? Group,
    PolicyComparator Comparator,
    double Threshold,
    PolicyJudgement Judge = PolicyJudgement.Point,
    long MinN = 0)
{
    public const string ImpactRatio = "impact_ratio";

    public static string Symbol(PolicyComparator c) => c switch
    {
        PolicyComparator.GreaterOrEqual => ">=",
        PolicyComparator.Greater => ">",
        PolicyComparator.LessOrEqual => "<=",
        _ => "<",
    };
}

public enum RuleStatus { Pass, Fail, InsufficientData }

/// <summary>The verdict of a rule on one target (the feature, a group, or overall).</summary>
public sealed record RuleOutcome(PolicyRule Rule, string Target, RuleStatus Status, double Value, long N, string Reason);

public sealed record PolicyResult(IReadOnlyList<RuleOutcome> Outcomes)
{
    public bool Passed => Outcomes.All(o => o.Status != RuleStatus.Fail);
}
