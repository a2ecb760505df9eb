using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;

namespace Attest.Engine.Signals;

/// <summary>The metrics each signal kind accepts, with the default when a plan names none, and comparator spellings.</summary>
public static class SignalCatalog
{
    public const string ImpactRatio = "impact_ratio";
    public const string Count = "count";
    public const string Rate = "rate";

    public static readonly IReadOnlyList<string> PerformanceMetrics =
    [
        MetricNames.Accuracy, MetricNames.Precision, MetricNames.Recall, MetricNames.F1, MetricNames.BalancedAccuracy,
        MetricNames.TruePositiveRate, MetricNames.FalsePositiveRate, MetricNames.FalseNegativeRate, MetricNames.TrueNegativeRate,
        MetricNames.SelectionRate, MetricNames.BaseRate,
    ];

    public static readonly IReadOnlyList<string> FairnessMetrics = [ImpactRatio, .. MetricNames.Disparities];

    public static readonly IReadOnlyList<string> DriftMetrics =
        [DriftTests.Psi, DriftTests.JensenShannon, DriftTests.Wasserstein, DriftTests.Ks, DriftTests.ChiSquare];

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["tpr"] = MetricNames.TruePositiveRate,
        ["fpr"] = MetricNames.FalsePositiveRate,
        ["fnr"] = MetricNames.FalseNegativeRate,
        ["tnr"] = MetricNames.TrueNegativeRate,
        ["js"] = DriftTests.JensenShannon,
        ["jensen_shannon"] = DriftTests.JensenShannon,
        ["chi2"] = DriftTests.ChiSquare,
        ["chi_square"] = DriftTests.ChiSquare,
    };

    public static IReadOnlyList<string> Metrics(SignalKind kind) => kind switch
    {
        SignalKind.Performance => PerformanceMetrics,
        SignalKind.Fairness => FairnessMetrics,
        SignalKind.Drift or SignalKind.PredictionDrift => DriftMetrics,
        SignalKind.OverrideRate => [Rate],
        SignalKind.ReviewSlaBreaches or SignalKind.UngovernedDecisions => [Count, Rate],
        _ => [Count],
    };

    /// <summary>The metric used when a plan names none, or null when the kind needs one named.</summary>
    public static string? DefaultMetric(SignalKind kind) => kind switch
    {
        SignalKind.Performance => MetricNames.Accuracy,
        SignalKind.Fairness => ImpactRatio,
        SignalKind.Drift or SignalKind.PredictionDrift => DriftTests.Psi,
        SignalKind.OverrideRate => Rate,
        _ => Count,
    };

    /// <summary>The canonical metric name for a spelling, or null when the kind does not know it.</summary>
    public static string? Canonical(SignalKind kind, string metric)
    {
        var name = Aliases.GetValueOrDefault(metric, metric);
        return Metrics(kind).Contains(name) ? name : null;
    }

    /// <summary>Whether the kind's value has a confidence interval (so <c>judge: ci</c> means something).</summary>
    public static bool HasInterval(SignalKind kind, string metric) => kind switch
    {
        SignalKind.Performance or SignalKind.Fairness or SignalKind.OverrideRate => true,
        SignalKind.ReviewSlaBreaches or SignalKind.UngovernedDecisions => metric == Rate,
        _ => false,
    };

    public static bool NeedsPositive(SignalKind kind) => kind is SignalKind.Performance or SignalKind.Fairness;

    public static bool NeedsFeature(SignalKind kind) => kind == SignalKind.Drift;

    public static bool NeedsAttribute(SignalKind kind) => kind == SignalKind.Fairness;

    /// <summary>Fairness metrics built on true/false positive rates need the observed outcome; parity and impact ratios do not.</summary>
    public static bool NeedsOutcome(SignalKind kind, string metric) =>
        kind == SignalKind.Performance || (kind == SignalKind.Fairness && metric.StartsWith("equal", StringComparison.Ordinal));

    public static Comparator? ParseComparator(string text) => text switch
    {
        ">" or "above" or "gt" => Comparator.Above,
        ">=" or "at_least" or "gte" => Comparator.AtLeast,
        "<" or "below" or "lt" => Comparator.Below,
        "<=" or "at_most" or "lte" => Comparator.AtMost,
        _ => null,
    };

    public static string Symbol(Comparator c) => c switch
    {
        Comparator.Above => ">",
        Comparator.AtLeast => ">=",
        Comparator.Below => "<",
        _ => "<=",
    };
}
