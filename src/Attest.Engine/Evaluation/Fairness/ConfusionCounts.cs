namespace Attest.Engine.Evaluation.Fairness;

/// <summary>The four cells of a binary confusion matrix; every label metric is a function of these.</summary>
public readonly record struct ConfusionCounts(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;
    public long Positives => TruePositives + FalseNegatives;
    public long Negatives => TrueNegatives + FalsePositives;
    public long PredictedPositives => TruePositives + FalsePositives;

    public static ConfusionCounts operator +(ConfusionCounts a, ConfusionCounts b) =>
        new(a.TruePositives + b.TruePositives, a.FalsePositives + b.FalsePositives,
            a.TrueNegatives + b.TrueNegatives, a.FalseNegatives + b.FalseNegatives);

    /// <summary>Cell index used by flat count arrays: label * 2 + prediction (0 = TN, 1 = FP, 2 = FN, 3 = TP).</summary>
    public static int CellIndex(bool label, bool prediction) => (label ? 2 : 0) + (prediction ? 1 : 0);

    public static ConfusionCounts FromCells(ReadOnlySpan<long> cells) => new(cells[3], cells[1], cells[0], cells[2]);
}
