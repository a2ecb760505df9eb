using System.Globalization;

namespace Attest.Engine.Oversight;

/// <summary>A feature value as a decision carries it: a number or a text.</summary>
public readonly record struct FeatureValue(double? Number, string? Text)
{
    public static FeatureValue Of(double number) => new(number, null);

    public static FeatureValue Of(string text) => new(null, text);
}

/// <summary>What routing looks at: the decision's output, confidence, factors, features, input digest and whether its model version was governed.</summary>
/// <param name="Output">The output as text (a number in its canonical JSON form).</param>
/// <param name="InputDigest">Lowercase hex SHA-256 of the input (64 characters).</param>
public sealed record DecisionFacts(
    string Output,
    double? Confidence,
    IReadOnlyDictionary<string, double> Factors,
    IReadOnlyDictionary<string, FeatureValue> Features,
    string InputDigest,
    bool Ungoverned);

/// <summary>The route of a decision, why (every fired rule id, or <c>no_policy_in_force</c>), and for a review its SLA and priority.</summary>
public sealed record RoutingResult(DecisionRoute Route, IReadOnlyList<string> Reasons, TimeSpan? Sla, ReviewPriority? Priority);

/// <summary>
/// Routes a decision by the oversight policy in force — pure and deterministic (the sample is drawn from the input
/// digest, never from a random source). Without a policy in force every decision goes to a person: oversight fails
/// closed.
/// </summary>
public static class OversightRouter
{
    /// <summary>The reason given when no policy is in force.</summary>
    public const string NoPolicyInForce = "no_policy_in_force";

    /// <summary>The SLA of a review sent because no policy is in force.</summary>
    public static readonly TimeSpan NoPolicySla = TimeSpan.FromDays(1);

    private static readonly RoutingResult Automatic = new(DecisionRoute.Auto, [], null, null);
    private static readonly RoutingResult FailClosed = new(DecisionRoute.HumanReview, [NoPolicyInForce], NoPolicySla, ReviewPriority.Normal);

    public static RoutingResult Route(OversightPolicy? policy, DecisionFacts decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (policy is null) return FailClosed;
        List<string>? reasons = null;
        var sla = TimeSpan.MaxValue;
        var priority = ReviewPriority.Low;
        var rules = policy.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!Fires(rule.When, decision)) continue;
            (reasons ??= []).Add(rule.Id);
            if (rule.Sla < sla) sla = rule.Sla;
            if (rule.Priority > priority) priority = rule.Priority;
        }
        return reasons is null ? Automatic : new RoutingResult(DecisionRoute.HumanReview, reasons, sla, priority);
    }

    /// <summary>Whether every condition of <paramref name="when"/> holds for the decision.</summary>
    public static bool Fires(RuleConditions when, DecisionFacts decision)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(decision);
        if (when.IsEmpty) return false;
        if (when.Ungoverned is { } ungoverned && decision.Ungoverned != ungoverned) return false;
        if (when.OutputIn is { } outputs && !outputs.Contains(decision.Output)) return false;
        if (when.ConfidenceBelow is { } confidence)
        {
            if (confidence.For(decision.Output) is not { } threshold) return false;
            // No confidence given: nothing shows the model was sure, so the rule holds (fail closed).
            if (decision.Confidence is { } c && c >= threshold) return false;
        }
        if (when.FactorAbove is { } factors && !AnyFactorAbove(factors, decision.Factors)) return false;
        if (when.FeatureOutside is { } ranges && !AnyFeatureOutside(ranges, decision.Features)) return false;
        if (when.SampleRate is { } rate && !Sampled(decision.InputDigest, rate)) return false;
        return true;
    }

    /// <summary>
    /// Whether a decision with this input digest is in a sample of <paramref name="rate"/>: the digest's first 8 bytes,
    /// read as a big-endian unsigned number and divided by 2^64, are below the rate. The same input is always in or out.
    /// </summary>
    public static bool Sampled(string inputDigest, double rate)
    {
        ArgumentNullException.ThrowIfNull(inputDigest);
        if (rate <= 0) return false;
        if (rate >= 1) return true;
        if (inputDigest.Length < 16 || !ulong.TryParse(inputDigest.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            return true;
        return value < (ulong)(rate * 18446744073709551616.0);
    }

    // Loops rather than Any(lambda): routing runs once per decision, and a closure over the decision allocates each time.
    private static bool AnyFactorAbove(IReadOnlyDictionary<string, double> thresholds, IReadOnlyDictionary<string, double> factors)
    {
        if (thresholds is Dictionary<string, double> concrete)
        {
            // Dictionary's struct enumerator: no allocation (the interface's enumerator is a boxed object).
            foreach (var (name, threshold) in concrete)
                if (factors.TryGetValue(name, out var v) && v > threshold) return true;
            return false;
        }
        foreach (var (name, threshold) in thresholds)
            if (factors.TryGetValue(name, out var v) && v > threshold) return true;
        return false;
    }

    private static bool AnyFeatureOutside(IReadOnlyDictionary<string, ValidatedRange> ranges, IReadOnlyDictionary<string, FeatureValue> features)
    {
        if (ranges is Dictionary<string, ValidatedRange> concrete)
        {
            foreach (var (name, range) in concrete)
                if (Outside(features, name, range)) return true;
            return false;
        }
        foreach (var (name, range) in ranges)
            if (Outside(features, name, range)) return true;
        return false;
    }

    // A feature the model was not validated on, or that is not a number, is outside what is known to work.
    private static bool Outside(IReadOnlyDictionary<string, FeatureValue> features, string name, ValidatedRange range) =>
        !features.TryGetValue(name, out var value) || value.Number is not { } n || double.IsNaN(n) || !range.Contains(n);
}
