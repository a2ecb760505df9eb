using System.Globalization;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Evaluation.Policy;

/// <summary>
/// Judges policy rules against a fairness report. An undefined value (NaN) or a missing interval fails the
/// rule (a gate must not pass on what it could not measure); too few rows is reported, not failed.
/// </summary>
public static class PolicyEvaluator
{
    public static PolicyResult Evaluate(IEnumerable<PolicyRule> rules, FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(report);
        var outcomes = new List<RuleOutcome>();
        foreach (var rule in rules) outcomes.AddRange(EvaluateRule(rule, report));
        return new PolicyResult(outcomes);
    }

    private static IEnumerable<RuleOutcome> EvaluateRule(PolicyRule rule, FairnessReport report)
    {
        if (rule.Feature is null)
        {
            if (!report.Overall.TryGetValue(rule.Metric, out var value))
                throw new ArgumentException($"rule '{rule.Id}': '{rule.Metric}' is not an overall metric of this run");
            report.OverallIntervals.TryGetValue(rule.Metric, out var ci);
            yield return Judge(rule, "overall", value, report.OverallIntervals.ContainsKey(rule.Metric) ? ci : null, report.N);
            yield break;
        }

        var feature = report.Features.FirstOrDefault(f => f.Name == rule.Feature)
            ?? throw new ArgumentException($"rule '{rule.Id}': no feature '{rule.Feature}' in this run (features: {string.Join(", ", report.Features.Select(f => f.Name))})");

        if (feature.Disparities.TryGetValue(rule.Metric, out var disparity))
        {
            var smallest = feature.Groups.Where(g => g.Metrics[MetricNames.Count] > 0).Select(g => (long)g.Metrics[MetricNames.Count]).DefaultIfEmpty(0).Min();
            Interval? ci = feature.DisparityIntervals.TryGetValue(rule.Metric, out var i) ? i : null;
            yield return Judge(rule, feature.Name, disparity, ci, smallest);
            yield break;
        }

        var groups = feature.Groups.Where(g => rule.Group is null || g.Key == rule.Group).ToList();
        if (rule.Group is not null && groups.Count == 0)
            throw new ArgumentException($"rule '{rule.Id}': '{rule.Feature}' has no group '{rule.Group}'");
        foreach (var g in groups)
        {
            var n = (long)g.Metrics[MetricNames.Count];
            if (n == 0) continue;
            var target = $"{feature.Name}={g.Key}";
            if (rule.Metric == PolicyRule.ImpactRatio)
            {
                Interval? impactCi = feature.ImpactRatios.Intervals.TryGetValue(g.Key, out var ii) ? ii : null;
                yield return Judge(rule, target, feature.ImpactRatios.Ratios[g.Key], impactCi, n);
                continue;
            }
            if (!g.Metrics.TryGetValue(rule.Metric, out var value))
                throw new ArgumentException($"rule '{rule.Id}': '{rule.Metric}' is not a metric of this run");
            Interval? ci = g.BootstrapIntervals.TryGetValue(rule.Metric, out var gi) ? gi : null;
            yield return Judge(rule, target, value, ci, n);
        }
    }

    /// <summary>Judges one value (and its interval, for CI rules) of <paramref name="n"/> rows against a rule; release gates use it on stored measurements.</summary>
    public static RuleOutcome Judge(PolicyRule rule, string target, double point, Interval? ci, long n)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (n < rule.MinN)
            return new RuleOutcome(rule, target, RuleStatus.InsufficientData, point, n, $"n={n} < min_n={rule.MinN}; not judged");
        var upperSide = rule.Comparator is PolicyComparator.LessOrEqual or PolicyComparator.Less;
        double value;
        string what;
        switch (rule.Judge)
        {
            case PolicyJudgement.Point:
                value = point;
                what = "value";
                break;
            default:
                if (ci is not { } interval)
                    return new RuleOutcome(rule, target, RuleStatus.Fail, double.NaN, n, "no bootstrap interval (run with --bootstrap N)");
                var useUpper = rule.Judge == PolicyJudgement.CiUpper || (rule.Judge == PolicyJudgement.ConfidenceBound && upperSide);
                value = useUpper ? interval.Upper : interval.Lower;
                what = useUpper ? "CI upper bound" : "CI lower bound";
                break;
        }
        var symbol = PolicyRule.Symbol(rule.Comparator);
        var threshold = rule.Threshold.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsNaN(value))
            return new RuleOutcome(rule, target, RuleStatus.Fail, value, n, $"{what} is undefined, so '{symbol} {threshold}' cannot be shown");
        var ok = rule.Comparator switch
        {
            PolicyComparator.GreaterOrEqual => value >= rule.Threshold,
            PolicyComparator.Greater => value > rule.Threshold,
            PolicyComparator.LessOrEqual => value <= rule.Threshold,
            _ => value < rule.Threshold,
        };
        var shown = value.ToString("0.####", CultureInfo.InvariantCulture);
        return new RuleOutcome(rule, target, ok ? RuleStatus.Pass : RuleStatus.Fail, value, n,
            $"{what} {shown} {(ok ? "meets" : "violates")} {symbol} {threshold}");
    }
}
