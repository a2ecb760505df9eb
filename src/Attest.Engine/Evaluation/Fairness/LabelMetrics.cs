namespace Attest.Engine.Evaluation.Fairness;

/// <summary>
/// Label metrics from confusion counts with Fairlearn 0.14 / scikit-learn 1.2 conventions: rates with a zero
/// denominator are 0 (Fairlearn's normalised confusion matrix, sklearn's zero_division=0), balanced accuracy
/// averages only the classes present, and an empty group has every metric NaN.
/// </summary>
public static class LabelMetrics
{
    public static double Value(string metric, in ConfusionCounts c)
    {
        double n = c.Count;
        if (n == 0)
            return metric == MetricNames.Count ? 0 : double.NaN;
        return metric switch
        {
            MetricNames.Count => n,
            MetricNames.BaseRate => c.Positives / n,
            MetricNames.SelectionRate => c.PredictedPositives / n,
            MetricNames.TruePositiveRate or MetricNames.Recall => Ratio(c.TruePositives, c.Positives),
            MetricNames.FalseNegativeRate => Ratio(c.FalseNegatives, c.Positives),
            MetricNames.FalsePositiveRate => Ratio(c.FalsePositives, c.Negatives),
            MetricNames.TrueNegativeRate => Ratio(c.TrueNegatives, c.Negatives),
            MetricNames.Accuracy => (c.TruePositives + c.TrueNegatives) / n,
            MetricNames.Precision => Ratio(c.TruePositives, c.PredictedPositives),
            MetricNames.F1 => F1(c),
            MetricNames.BalancedAccuracy => BalancedAccuracy(c),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a label metric"),
        };
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0.0 : (double)numerator / denominator;

    // sklearn computes F from precision and recall (not 2TP/(2TP+FP+FN)); same formula keeps the last bits equal.
    private static double F1(in ConfusionCounts c)
    {
        var precision = Ratio(c.TruePositives, c.PredictedPositives);
        var recall = Ratio(c.TruePositives, c.Positives);
        var denominator = precision + recall;
        return denominator == 0 ? 0.0 : 2 * precision * recall / denominator;
    }

    // sklearn: mean of per-class recall over classes whose row of the confusion matrix is non-empty.
    private static double BalancedAccuracy(in ConfusionCounts c)
    {
        var tpr = (double)c.TruePositives / c.Positives;
        var tnr = (double)c.TrueNegatives / c.Negatives;
        if (c.Positives == 0) return tnr;
        if (c.Negatives == 0) return tpr;
        return (tpr + tnr) / 2;
    }
}
