namespace Attest.Engine.Evaluation.Scores;

/// <summary>
/// Per-slot sums behind ROC AUC, log loss and Brier, from rows sorted by score ascending. AUC is the
/// Mann–Whitney statistic with ties counting 1/2 (equal to scikit-learn's trapezoidal ROC area), kept as the
/// exact integer 2U; log loss clips p to [eps, 1 − eps] with eps = 2^-52 and renormalises (scikit-learn 1.2).
/// Optional integer row weights give a bootstrap resample without materialising it.
/// </summary>
public sealed class ScoreStatistics
{
    public const double LogLossEpsilon = 2.220446049250313e-16;

    private ScoreStatistics(int slots)
    {
        Weight = new long[slots];
        PositiveWeight = new long[slots];
        TwiceU = new long[slots];
        LogLossSum = new double[slots];
        BrierSum = new double[slots];
    }

    public long[] Weight { get; }
    public long[] PositiveWeight { get; }
    public long[] TwiceU { get; }
    public double[] LogLossSum { get; }
    public double[] BrierSum { get; }

    public double RocAuc(int slot)
    {
        var negatives = Weight[slot] - PositiveWeight[slot];
        if (PositiveWeight[slot] == 0 || negatives == 0) return double.NaN;
        return TwiceU[slot] / (2.0 * PositiveWeight[slot] * negatives);
    }

    public double LogLoss(int slot) => Weight[slot] == 0 ? double.NaN : LogLossSum[slot] / Weight[slot];
    public double Brier(int slot) => Weight[slot] == 0 ? double.NaN : BrierSum[slot] / Weight[slot];

    public const byte TieStart = 1;
    public const byte TieContinues = 2;

    /// <summary>Per sorted row: 0 alone, 1 first of a run of equal scores, 2 later in that run.</summary>
    public static byte[] TieMarks(ReadOnlySpan<double> sortedScores)
    {
        var marks = new byte[sortedScores.Length];
        for (var i = 1; i < sortedScores.Length; i++)
        {
            if (sortedScores[i] != sortedScores[i - 1]) continue;
            marks[i] = TieContinues;
            if (marks[i - 1] == 0) marks[i - 1] = TieStart;
        }
        return marks;
    }

    public static double RowLogLoss(double score, bool label)
    {
        var p = Math.Clamp(score, LogLossEpsilon, 1 - LogLossEpsilon);
        var q = 1 - p;
        var sum = q + p;
        return -Math.Log((label ? p : q) / sum);
    }

    public static double RowBrier(double score, bool label)
    {
        var d = (label ? 1.0 : 0.0) - score;
        return d * d;
    }

    /// <param name="sortedScores">Scores ascending.</param>
    /// <param name="cellAndLabel">cell * 2 + label, in the same order.</param>
    /// <param name="weights">Row multiplicities of a resample (a row drawn more than 255 times in a resample of
    /// n rows has probability below 1e-500) or empty for one each.</param>
    /// <param name="rowLogLoss">Precomputed per-row log loss (same order) or null to compute inline.</param>
    /// <param name="rowBrier">Precomputed per-row squared error or null.</param>
    /// <param name="tieMarks">From <see cref="TieMarks"/>, so resamples need not read the scores; or empty.</param>
    public static ScoreStatistics Compute(
        ReadOnlySpan<double> sortedScores, ReadOnlySpan<int> cellAndLabel, SlotMap map,
        ReadOnlySpan<byte> weights, ReadOnlySpan<double> rowLogLoss, ReadOnlySpan<double> rowBrier,
        ReadOnlySpan<byte> tieMarks = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        var stats = new ScoreStatistics(map.SlotCount);
        var negBelow = new long[map.SlotCount];
        var negBlock = new long[map.SlotCount];
        // Locals, not fields: the JIT cannot keep field loads out of the loop across the array stores.
        Span<long> weightSum = stats.Weight, positiveSum = stats.PositiveWeight, twiceU = stats.TwiceU;
        Span<double> logLossSum = stats.LogLossSum, brierSum = stats.BrierSum;
        var slots = map.Slots;
        var per = map.PerCell;
        var hasWeights = !weights.IsEmpty;
        var precomputed = !rowLogLoss.IsEmpty;
        var n = cellAndLabel.Length;
        var marked = !tieMarks.IsEmpty;
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            if (marked)
            {
                if (tieMarks[start] == TieStart) while (end < n && tieMarks[end] == TieContinues) end++;
            }
            else
            {
                var first = sortedScores[start];
                while (end < n && sortedScores[end] == first) end++;
            }
            if (end == start + 1)
            {
                // Branch-free on purpose: a zero weight or the label only scale the updates, and both are
                // unpredictable in a resample, so branching on them costs more than the arithmetic.
                long w = hasWeights ? weights[start] : 1;
                var cl = cellAndLabel[start];
                long positive = cl & 1;
                var label = positive == 1;
                var ll = precomputed ? rowLogLoss[start] : RowLogLoss(sortedScores[start], label);
                var br = precomputed ? rowBrier[start] : RowBrier(sortedScores[start], label);
                var wPositive = w * positive;
                var wNegative = w - wPositive;
                double wd = w;
                foreach (var slot in slots.AsSpan((cl >> 1) * per, per))
                {
                    weightSum[slot] += w;
                    logLossSum[slot] += wd * ll;
                    brierSum[slot] += wd * br;
                    positiveSum[slot] += wPositive;
                    twiceU[slot] += wPositive * 2 * negBelow[slot];
                    negBelow[slot] += wNegative;
                }
            }
            else
            {
                // A tie block: negatives tied with a positive count one half (2U gains one per tied pair).
                for (var i = start; i < end; i++)
                {
                    var cl = cellAndLabel[i];
                    if ((cl & 1) == 1) continue;
                    var w = hasWeights ? weights[i] : 1;
                    var offset = (cl >> 1) * per;
                    for (var j = 0; j < per; j++) negBlock[slots[offset + j]] += w;
                }
                for (var i = start; i < end; i++)
                {
                    var w = hasWeights ? weights[i] : 1;
                    if (w == 0) continue;
                    var cl = cellAndLabel[i];
                    var label = (cl & 1) == 1;
                    var ll = precomputed ? rowLogLoss[i] : RowLogLoss(sortedScores[i], label);
                    var br = precomputed ? rowBrier[i] : RowBrier(sortedScores[i], label);
                    var offset = (cl >> 1) * per;
                    for (var j = 0; j < per; j++)
                    {
                        var slot = slots[offset + j];
                        weightSum[slot] += w;
                        logLossSum[slot] += w * ll;
                        brierSum[slot] += w * br;
                        if (label)
                        {
                            positiveSum[slot] += w;
                            twiceU[slot] += w * (2 * negBelow[slot] + negBlock[slot]);
                        }
                    }
                }
                for (var i = start; i < end; i++)
                {
                    var cl = cellAndLabel[i];
                    if ((cl & 1) == 1) continue;
                    var offset = (cl >> 1) * per;
                    for (var j = 0; j < per; j++)
                    {
                        var slot = slots[offset + j];
                        negBelow[slot] += negBlock[slot];
                        negBlock[slot] = 0;
                    }
                }
            }
            start = end;
        }
        return stats;
    }
}
