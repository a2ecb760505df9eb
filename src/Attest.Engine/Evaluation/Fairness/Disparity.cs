namespace Attest.Engine.Evaluation.Fairness;

/// <summary>
/// Fairlearn 0.14 MetricFrame aggregates over groups. NaN groups (empty intersection cells) are skipped, as
/// pandas does; ratios follow Fairlearn exactly: between_groups = min/max, to_overall = min over groups of
/// min(m_g/m_o, m_o/m_g) where x/0 is +inf (so its inverse is 0) and 0/0 is NaN.
/// </summary>
public static class Disparity
{
    public static double GroupMin(ReadOnlySpan<double> values)
    {
        var result = double.NaN;
        foreach (var v in values)
            if (!double.IsNaN(v) && (double.IsNaN(result) || v < result)) result = v;
        return result;
    }

    public static double GroupMax(ReadOnlySpan<double> values)
    {
        var result = double.NaN;
        foreach (var v in values)
            if (!double.IsNaN(v) && (double.IsNaN(result) || v > result)) result = v;
        return result;
    }

    public static double DifferenceBetweenGroups(ReadOnlySpan<double> values) => GroupMax(values) - GroupMin(values);

    public static double RatioBetweenGroups(ReadOnlySpan<double> values) => GroupMin(values) / GroupMax(values);

    public static double DifferenceToOverall(ReadOnlySpan<double> values, double overall)
    {
        var result = double.NaN;
        foreach (var v in values)
        {
            var d = Math.Abs(v - overall);
            if (!double.IsNaN(d) && (double.IsNaN(result) || d > result)) result = d;
        }
        return result;
    }

    public static double RatioToOverall(ReadOnlySpan<double> values, double overall)
    {
        var result = double.NaN;
        foreach (var v in values)
        {
            var r = v / overall;
            if (r > 1) r = 1 / r;
            if (!double.IsNaN(r) && (double.IsNaN(result) || r < result)) result = r;
        }
        return result;
    }

    /// <summary>Python's builtin max over [a, b] (Fairlearn's worst case): keeps a unless b &gt; a, so a NaN first wins.</summary>
    public static double PythonMax(double a, double b) => b > a ? b : a;

    /// <summary>Python's builtin min over [a, b]: keeps a unless b &lt; a.</summary>
    public static double PythonMin(double a, double b) => b < a ? b : a;

    /// <summary>
    /// The twelve named disparities from per-group selection rate, TPR and FPR (same group order in each span)
    /// and their overall values.
    /// </summary>
    public static Dictionary<string, double> All(
        ReadOnlySpan<double> selection, ReadOnlySpan<double> tpr, ReadOnlySpan<double> fpr,
        double overallSelection, double overallTpr, double overallFpr) => new()
        {
            [MetricNames.DemographicParityDifference] = DifferenceBetweenGroups(selection),
            [MetricNames.DemographicParityRatio] = RatioBetweenGroups(selection),
            [MetricNames.EqualizedOddsDifference] = PythonMax(DifferenceBetweenGroups(tpr), DifferenceBetweenGroups(fpr)),
            [MetricNames.EqualizedOddsRatio] = PythonMin(RatioBetweenGroups(tpr), RatioBetweenGroups(fpr)),
            [MetricNames.EqualOpportunityDifference] = DifferenceBetweenGroups(tpr),
            [MetricNames.EqualOpportunityRatio] = RatioBetweenGroups(tpr),
            [MetricNames.DemographicParityDifference + MetricNames.ToOverallSuffix] = DifferenceToOverall(selection, overallSelection),
            [MetricNames.DemographicParityRatio + MetricNames.ToOverallSuffix] = RatioToOverall(selection, overallSelection),
            [MetricNames.EqualizedOddsDifference + MetricNames.ToOverallSuffix] =
                PythonMax(DifferenceToOverall(tpr, overallTpr), DifferenceToOverall(fpr, overallFpr)),
            [MetricNames.EqualizedOddsRatio + MetricNames.ToOverallSuffix] =
                PythonMin(RatioToOverall(tpr, overallTpr), RatioToOverall(fpr, overallFpr)),
            [MetricNames.EqualOpportunityDifference + MetricNames.ToOverallSuffix] = DifferenceToOverall(tpr, overallTpr),
            [MetricNames.EqualOpportunityRatio + MetricNames.ToOverallSuffix] = RatioToOverall(tpr, overallTpr),
        };
}
