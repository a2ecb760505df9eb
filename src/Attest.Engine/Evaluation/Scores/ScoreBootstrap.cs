using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Evaluation.Scores;

/// <summary>
/// Bootstrap draws of ROC AUC, log loss and Brier per slot without re-sorting: the rows are sorted by score once,
/// laid out once per view (overall, then each sensitive feature or intersection) group by group in score order,
/// and each resample is one weighted pass per view with the sums in registers. Row weights are Poisson(1) — the
/// Poisson bootstrap (Hanley and MacGibbon 2006; Chamandy et al. 2012), which gives each row an independent
/// multiplicity, so the weights are drawn in one sequential sweep instead of n random increments. AUC is the
/// weighted Mann–Whitney statistic (a tied positive–negative pair counts ½), log loss and Brier weighted means.
/// Each resample has its own seed, drawn up front, so the draws do not depend on how many threads run them.
/// </summary>
public sealed class ScoreBootstrap
{
    private const byte LabelBit = 1;
    private const byte BlockEndBit = 2;

    private sealed class View(int[]? rows, byte[] flags, double[] logLoss, double[] brier, int[] groupStart, int[] groupSlot)
    {
        public int[]? Rows { get; } = rows; // position in score order (null: the score order itself)
        public byte[] Flags { get; } = flags; // label and "last row of a tie block"
        public double[] LogLoss { get; } = logLoss;
        public double[] Brier { get; } = brier;
        public int[] GroupStart { get; } = groupStart;
        public int[] GroupSlot { get; } = groupSlot;
    }

    private readonly View[] _views;
    private readonly int _rows;
    private readonly int _slots;

    /// <param name="sortedScores">Scores ascending.</param>
    /// <param name="cellAndLabel">cell * 2 + label, in the same order.</param>
    public ScoreBootstrap(ReadOnlySpan<double> sortedScores, ReadOnlySpan<int> cellAndLabel, SlotMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _rows = sortedScores.Length;
        _slots = map.SlotCount;
        _views = new View[map.PerCell];
        for (var v = 0; v < map.PerCell; v++) _views[v] = BuildView(sortedScores, cellAndLabel, map, v);
    }

    private static View BuildView(ReadOnlySpan<double> scores, ReadOnlySpan<int> cellAndLabel, SlotMap map, int view)
    {
        var n = scores.Length;
        var per = map.PerCell;
        // counting sort by slot, stable, so each group keeps score order
        var count = new int[map.SlotCount + 1];
        for (var i = 0; i < n; i++) count[map.Slots[(cellAndLabel[i] >> 1) * per + view] + 1]++;
        var slotsUsed = new List<int>();
        for (var s = 0; s < map.SlotCount; s++)
            if (count[s + 1] > 0) slotsUsed.Add(s);
        for (var s = 1; s <= map.SlotCount; s++) count[s] += count[s - 1];
        var groupStart = new int[slotsUsed.Count + 1];
        for (var g = 0; g < slotsUsed.Count; g++) groupStart[g] = count[slotsUsed[g]];
        groupStart[^1] = n;
        var next = (int[])count.Clone();
        var rows = view == 0 ? null : new int[n];
        var order = rows ?? [];
        if (rows is not null)
            for (var i = 0; i < n; i++) rows[next[map.Slots[(cellAndLabel[i] >> 1) * per + view]]++] = i;
        var flags = new byte[n];
        var logLoss = new double[n];
        var brier = new double[n];
        for (var k = 0; k < n; k++)
        {
            var i = rows is null ? k : order[k];
            var label = (cellAndLabel[i] & 1) == 1;
            flags[k] = label ? LabelBit : (byte)0;
            logLoss[k] = ScoreStatistics.RowLogLoss(scores[i], label);
            brier[k] = ScoreStatistics.RowBrier(scores[i], label);
        }
        for (var g = 0; g < slotsUsed.Count; g++)
            for (var k = groupStart[g]; k < groupStart[g + 1]; k++)
            {
                var last = k + 1 == groupStart[g + 1];
                if (last || scores[rows is null ? k : order[k]] != scores[rows is null ? k + 1 : order[k + 1]])
                    flags[k] |= BlockEndBit;
            }
        return new View(rows, flags, logLoss, brier, groupStart, [.. slotsUsed]);
    }

    /// <summary>
    /// Runs the resamples; <paramref name="draws"/>[slot * 3 + m][r] receives metric m (ROC AUC, log loss, Brier)
    /// of resample r for that slot, NaN when undefined.
    /// </summary>
    public void Run(IReadOnlyList<ulong> seeds, double[][] draws, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(draws);
        Parallel.For(0, seeds.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) },
            () => new byte[_rows],
            (r, _, weights) =>
            {
                PoissonWeights.Fill(seeds[r], weights);
                foreach (var view in _views) Pass(view, weights, draws, r);
                return weights;
            },
            _ => { });
    }

    private static void Pass(View view, ReadOnlySpan<byte> weights, double[][] draws, int r)
    {
        var rows = view.Rows;
        var flags = view.Flags;
        var logLoss = view.LogLoss;
        var brier = view.Brier;
        for (var g = 0; g < view.GroupSlot.Length; g++)
        {
            long total = 0, positive = 0, twiceU = 0, negativeBelow = 0, blockPositive = 0, blockNegative = 0;
            double logLossSum = 0, brierSum = 0;
            var end = view.GroupStart[g + 1];
            for (var k = view.GroupStart[g]; k < end; k++)
            {
                long w = weights[rows is null ? k : rows[k]];
                var f = flags[k];
                var wPositive = w & -(long)(f & LabelBit);
                var wNegative = w - wPositive;
                total += w;
                positive += wPositive;
                logLossSum += w * logLoss[k];
                brierSum += w * brier[k];
                blockPositive += wPositive;
                blockNegative += wNegative;
                // at the end of a tie block: its positives beat the negatives below and tie with its own negatives
                var m = -(long)((f & BlockEndBit) >> 1);
                twiceU += blockPositive * (2 * negativeBelow + blockNegative) & m;
                negativeBelow += blockNegative & m;
                blockPositive &= ~m;
                blockNegative &= ~m;
            }
            var slot = view.GroupSlot[g];
            var negatives = total - positive;
            draws[slot * 3][r] = positive == 0 || negatives == 0 ? double.NaN : twiceU / (2.0 * positive * negatives);
            draws[slot * 3 + 1][r] = total == 0 ? double.NaN : logLossSum / total;
            draws[slot * 3 + 2][r] = total == 0 ? double.NaN : brierSum / total;
        }
    }
}

/// <summary>
/// Poisson(1) row weights from a seeded xoshiro256** stream: 16 bits of a uniform pick the weight from a table,
/// except in the few table cells that straddle a step of the distribution function, where the full 64-bit
/// uniform decides — so each weight has the Poisson(1) law to 2⁻⁶⁴, at about a nanosecond a row.
/// </summary>
internal static class PoissonWeights
{
    private const byte Refine = 255;
    private static readonly ulong[] Steps = BuildSteps();
    private static readonly byte[] Table = BuildTable();

    /// <summary>Steps[k] = P(W ≤ k) · 2⁶⁴: W is the number of steps at or below a uniform 64-bit u.</summary>
    private static ulong[] BuildSteps()
    {
        var steps = new List<ulong>();
        double term = Math.Exp(-1), cdf = 0;
        for (var k = 0; k < 40; k++)
        {
            cdf += term;
            term /= k + 1;
            var scaled = cdf * 18446744073709551616.0;
            if (scaled >= 18446744073709551615.0) break;
            steps.Add((ulong)scaled);
        }
        return [.. steps];
    }

    private static int Weight(ulong u)
    {
        var w = 0;
        while (w < Steps.Length && u >= Steps[w]) w++;
        return w;
    }

    private static byte[] BuildTable()
    {
        var table = new byte[1 << 16];
        for (var c = 0; c < table.Length; c++)
        {
            var low = Weight((ulong)c << 48);
            var high = Weight(((ulong)c << 48) | 0xFFFF_FFFF_FFFFUL);
            table[c] = low == high ? (byte)low : Refine;
        }
        return table;
    }

    public static void Fill(ulong seed, Span<byte> weights)
    {
        var random = new FastRandom(seed);
        var table = Table;
        var i = 0;
        for (; i + 4 <= weights.Length; i += 4)
        {
            var bits = random.NextUInt64();
            for (var j = 0; j < 4; j++)
            {
                var cell = (int)(bits >> (16 * j)) & 0xFFFF;
                var w = table[cell];
                weights[i + j] = w != Refine ? w : (byte)Weight(((ulong)cell << 48) | (random.NextUInt64() >> 16));
            }
        }
        for (; i < weights.Length; i++)
        {
            var cell = (int)random.NextUInt64() & 0xFFFF;
            var w = table[cell];
            weights[i] = w != Refine ? w : (byte)Weight(((ulong)cell << 48) | (random.NextUInt64() >> 16));
        }
    }
}
