namespace Attest.Engine.Evaluation.Fairness;

/// <summary>
/// Prediction logs reduced to what the metrics need: one "cell" per observed combination of sensitive values,
/// with its confusion counts, plus (when a score column is given) each row's score, label and cell.
/// Label metrics depend only on the counts, so the input stays small however many rows were read.
/// </summary>
public sealed class FairnessInput
{
    public FairnessInput(
        IReadOnlyList<string> featureNames, IReadOnlyList<IReadOnlyList<string>> featureValues,
        int[] cellValueCodes, long[] cellCounts, ScoredRows? scores)
    {
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(featureValues);
        ArgumentNullException.ThrowIfNull(cellValueCodes);
        ArgumentNullException.ThrowIfNull(cellCounts);
        if (featureNames.Count == 0 || featureValues.Count != featureNames.Count)
            throw new ArgumentException("one value list per sensitive feature is required", nameof(featureValues));
        if (cellCounts.Length % 4 != 0 || cellValueCodes.Length != cellCounts.Length / 4 * featureNames.Count)
            throw new ArgumentException("cell codes and counts disagree in length", nameof(cellCounts));
        FeatureNames = featureNames;
        FeatureValues = featureValues;
        CellValueCodes = cellValueCodes;
        CellCounts = cellCounts;
        Scores = scores;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>For each feature, its value labels indexed by value code.</summary>
    public IReadOnlyList<IReadOnlyList<string>> FeatureValues { get; }

    /// <summary>For cell c and feature f, the value code at [c * FeatureCount + f].</summary>
    public int[] CellValueCodes { get; }

    /// <summary>For cell c, counts at [c * 4 + ConfusionCounts.CellIndex(label, prediction)].</summary>
    public long[] CellCounts { get; }

    public ScoredRows? Scores { get; }

    public int FeatureCount => FeatureNames.Count;
    public int CellCount => CellCounts.Length / 4;

    public ConfusionCounts Counts(int cell) => ConfusionCounts.FromCells(CellCounts.AsSpan(cell * 4, 4));
}

/// <summary>Per-row score, label and cell for the score metrics (ROC AUC needs the rows, not just counts).</summary>
public sealed class ScoredRows
{
    public ScoredRows(double[] scores, int[] cellAndLabel, int count)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(cellAndLabel);
        if (count < 0 || count > scores.Length || count > cellAndLabel.Length)
            throw new ArgumentOutOfRangeException(nameof(count));
        Scores = scores;
        CellAndLabel = cellAndLabel;
        Count = count;
    }

    public double[] Scores { get; }

    /// <summary>cell * 2 + (label ? 1 : 0).</summary>
    public int[] CellAndLabel { get; }

    public int Count { get; }

    public static int Pack(int cell, bool label) => cell * 2 + (label ? 1 : 0);
}
