using System.Globalization;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Sorting;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Signals;

/// <summary>
/// Evaluates one monitoring signal over the facts of its window with the evaluation engine's own code: label metrics,
/// disparities and impact ratios from <see cref="FairnessEvaluator"/> (Fairlearn definitions, seeded bootstrap
/// percentile intervals), drift statistics from <see cref="DriftTests"/> and <see cref="DriftBinning"/> (Evidently's),
/// and Wilson intervals for rates. A window with fewer than <c>min_n</c> observations is insufficient data, never a breach.
/// </summary>
public static class SignalEvaluator
{
    public const int BootstrapResamples = 1000;

    public static SignalResult Evaluate(MonitoringSignal signal, SignalInput input, int seed)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(input);
        var m = Measure(signal, input, seed);
        var enough = signal.Kind == SignalKind.Volume || m.N >= Math.Max(1, signal.MinN);
        if (!enough || m.Value is not { } value || double.IsNaN(value))
            return new SignalResult(SignalStatus.InsufficientData, m.Value is { } v && !double.IsNaN(v) ? v : null, Finite(m.Interval.Lower), Finite(m.Interval.Upper), m.N, m.Target,
                enough ? $"{signal.Metric} could not be measured: {m.What}" : $"{m.N} {m.What}, fewer than min_n {signal.MinN}");
        return new SignalResult(Judge(signal, value, m.Interval), value, Finite(m.Interval.Lower), Finite(m.Interval.Upper), m.N, m.Target,
            $"{signal.Metric} {Text(value)} over {m.N} {m.What}");
    }

    /// <summary>Whether the value (point) or its whole interval (ci) is past the threshold; an undefined interval is insufficient data.</summary>
    public static SignalStatus Judge(MonitoringSignal signal, double value, Interval interval)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Judge == SignalJudge.Point)
            return Past(signal.Comparator, value, signal.Threshold) ? SignalStatus.Breached : SignalStatus.Ok;
        if (double.IsNaN(interval.Lower) || double.IsNaN(interval.Upper))
            return SignalStatus.InsufficientData;
        // The bound nearest to the healthy side must be past the threshold too.
        var bound = signal.Comparator is Comparator.Below or Comparator.AtMost ? interval.Upper : interval.Lower;
        return Past(signal.Comparator, bound, signal.Threshold) ? SignalStatus.Breached : SignalStatus.Ok;
    }

    public static bool Past(Comparator comparator, double value, double threshold) => comparator switch
    {
        Comparator.Above => value > threshold,
        Comparator.AtLeast => value >= threshold,
        Comparator.Below => value < threshold,
        _ => value <= threshold,
    };

    private readonly record struct Measurement(double? Value, Interval Interval, long N, string Target, string What);

    private static Measurement Measure(MonitoringSignal s, SignalInput input, int seed) => s.Kind switch
    {
        SignalKind.Performance or SignalKind.Fairness => Labelled(s, input, seed),
        SignalKind.Drift or SignalKind.PredictionDrift => Drift(s, input),
        SignalKind.OverrideRate => RateOf(input.Overridden, input.ReviewsResolved, "resolved reviews", ""),
        SignalKind.ReviewSlaBreaches => s.Metric == SignalCatalog.Rate
            ? RateOf(input.SlaBreaches, input.ReviewItems, "review items", "")
            : new Measurement(input.SlaBreaches, Interval.Undefined, input.Decisions, "", "decisions"),
        SignalKind.UngovernedDecisions => s.Metric == SignalCatalog.Rate
            ? RateOf(input.Ungoverned, input.Decisions, "decisions", "")
            : new Measurement(input.Ungoverned, Interval.Undefined, input.Decisions, "", "decisions"),
        _ => new Measurement(input.Decisions, Interval.Undefined, input.Decisions, "", "decisions"),
    };

    private static Measurement RateOf(long part, long whole, string what, string target) =>
        whole == 0 ? new Measurement(null, Interval.Undefined, 0, target, what) : new Measurement((double)part / whole, WilsonInterval.Compute(part, whole), whole, target, what);

    private static Measurement Labelled(MonitoringSignal s, SignalInput input, int seed)
    {
        var needsOutcome = SignalCatalog.NeedsOutcome(s.Kind, s.Metric);
        var grouped = s.Attribute is not null;
        var counts = input.Labels ?? LabelCounts.Count(input.Outputs, input.Outcomes, input.Groups, s.Positive, needsOutcome, grouped);
        var n = counts.N;
        var what = needsOutcome ? "decisions with outcomes" : "decisions";
        if (n == 0) return new Measurement(null, Interval.Undefined, 0, s.Attribute ?? "", what);

        var fairnessInput = new FairnessInput([s.Attribute ?? "all"], [counts.Groups], [.. Enumerable.Range(0, counts.Groups.Count)], [.. counts.Cells], null);
        var ci = s.Judge == SignalJudge.Ci;
        var report = FairnessEvaluator.Evaluate(fairnessInput, new FairnessOptions
        {
            BootstrapResamples = ci ? BootstrapResamples : 0,
            Random = ci ? new Random(seed) : null,
            MinimumGroupSize = 1,
        });
        var feature = report.Features[0];
        var lowIsBad = s.Comparator is Comparator.Below or Comparator.AtMost;
        if (s.Kind == SignalKind.Performance)
        {
            if (!grouped)
                return new Measurement(report.Overall[s.Metric], report.OverallIntervals.GetValueOrDefault(s.Metric, Interval.Undefined), n, "", what);
            // Per group: the group nearest to breaching is the one judged (the lowest accuracy, the highest false positive rate).
            var worst = Worst(feature.Groups.Select(g => (g.Key, g.Metrics[s.Metric])), lowIsBad);
            if (worst is null) return new Measurement(double.NaN, Interval.Undefined, n, s.Attribute!, what);
            var g = feature.Groups.First(x => x.Key == worst.Value.Key);
            return new Measurement(worst.Value.Value, g.BootstrapIntervals.GetValueOrDefault(s.Metric, Interval.Undefined), n, $"{s.Attribute}={worst.Value.Key}", what);
        }
        if (s.Metric == SignalCatalog.ImpactRatio)
        {
            var worst = Worst(feature.ImpactRatios.Ratios.Select(r => (r.Key, r.Value)), lowIsBad);
            if (worst is null) return new Measurement(double.NaN, Interval.Undefined, n, s.Attribute!, what);
            return new Measurement(worst.Value.Value, feature.ImpactRatios.Intervals.GetValueOrDefault(worst.Value.Key, Interval.Undefined), n,
                $"{s.Attribute}={worst.Value.Key}", what);
        }
        return new Measurement(feature.Disparities[s.Metric], feature.DisparityIntervals.GetValueOrDefault(s.Metric, Interval.Undefined), n, s.Attribute!, what);
    }

    private static (string Key, double Value)? Worst(IEnumerable<(string Key, double Value)> values, bool lowIsBad)
    {
        (string Key, double Value)? worst = null;
        foreach (var v in values.Where(v => !double.IsNaN(v.Value)).OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (worst is null || (lowIsBad ? v.Value < worst.Value.Value : v.Value > worst.Value.Value))
                worst = v;
        }
        return worst;
    }

    private static Measurement Drift(MonitoringSignal s, SignalInput input)
    {
        var target = s.Kind == SignalKind.PredictionDrift ? "output" : s.Feature ?? "";
        if (input.Reference.Length == 0)
            return new Measurement(null, Interval.Undefined, input.Current.Length, target, "decisions (no reference data)");
        if (input.Current.Length == 0)
            return new Measurement(null, Interval.Undefined, 0, target, "decisions");
        return new Measurement(DriftValue(s.Metric, input.ColumnType, input.Reference, input.Current, input.Categories), Interval.Undefined, input.Current.Length, target, "decisions");
    }

    /// <summary>
    /// One drift statistic between reference and current values (sorted in place), exactly as <c>attest evaluate drift</c>
    /// computes it: PSI and Jensen–Shannon over Evidently's bins, Wasserstein normalised by the reference's standard
    /// deviation, and the p-value of the two-sample KS or χ² test (small means drifted).
    /// </summary>
    public static double DriftValue(string metric, DriftColumnType type, double[] reference, double[] current, IReadOnlyList<string>? categories)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        RadixSort.Sort(reference);
        RadixSort.Sort(current);
        switch (metric)
        {
            case DriftTests.Ks:
                return KolmogorovSmirnov.TwoSample(reference, current).PValue;
            case DriftTests.ChiSquare:
                var (_, r, c) = DriftTests.Counts(reference, current);
                return DriftTests.ChiSquareTest(r, c, reference.Length, current.Length).PValue;
            case DriftTests.Wasserstein:
                return DriftTests.WassersteinDistance(reference, current) / Math.Max(DriftTests.StandardDeviation(reference), 0.001);
        }
        Func<double, string> label = categories is { } names ? v => names[(int)v] : v => v.ToString("G6", CultureInfo.InvariantCulture);
        var binned = DriftBinning.Bin(type, reference, current, label);
        return metric == DriftTests.JensenShannon
            ? DriftTests.JensenShannonDistance(binned.Reference, binned.Current)
            : DriftTests.PopulationStabilityIndex(DriftBinning.FloorZeros(binned.Reference), DriftBinning.FloorZeros(binned.Current));
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Text(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
