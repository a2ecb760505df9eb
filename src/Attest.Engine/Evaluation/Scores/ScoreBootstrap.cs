using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    /// <summary>Resamples computed together, one per lane of a 256-bit vector of doubles.</summary>
    private const int Lanes = 4;

    /// <summary>
    /// Runs the resamples; <paramref name="draws"/>[slot * 3 + m][r] receives metric m (ROC AUC, log loss, Brier)
    /// of resample r for that slot, NaN when undefined. Resamples go four at a time through each pass (one per
    /// vector lane, their weights interleaved row by row), so a row's data is read once for four resamples.
    /// </summary>
    public void Run(IReadOnlyList<ulong> seeds, double[][] draws, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(draws);
        foreach (var d in draws) Array.Fill(d, double.NaN); // a slot without rows (an empty intersection) stays undefined
        var batches = (seeds.Count + Lanes - 1) / Lanes;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) },
            () => new byte[_rows * Lanes],
            (batch, _, weights) =>
            {
                var first = batch * Lanes;
                var lanes = Math.Min(Lanes, seeds.Count - first);
                for (var lane = 0; lane < Lanes; lane++)
                    if (lane < lanes) PoissonWeights.Fill(seeds[first + lane], weights, lane, Lanes);
                    else for (var i = lane; i < weights.Length; i += Lanes) weights[i] = 0;
                foreach (var view in _views) Pass(view, weights, draws, first, lanes);
                return weights;
            },
            _ => { });
    }

    private static readonly Vector256<double>[] LabelVectors = [Vector256<double>.Zero, Vector256<double>.One];

    private static Vector256<double> WeightsAt(byte[] weights, int row)
    {
        var packed = Unsafe.ReadUnaligned<uint>(ref weights[row * Lanes]);
        if (Avx.IsSupported)
            return Avx.ConvertToVector256Double(Sse41.ConvertToVector128Int32(Vector128.CreateScalar(packed).AsByte()));
        return Vector256.Create((double)(byte)packed, (byte)(packed >> 8), (byte)(packed >> 16), (byte)(packed >> 24));
    }

    private static void Pass(View view, byte[] weights, double[][] draws, int first, int lanes)
    {
        var rows = view.Rows;
        var flags = view.Flags;
        var logLoss = view.LogLoss;
        var brier = view.Brier;
        var two = Vector256.Create(2.0);
        for (var g = 0; g < view.GroupSlot.Length; g++)
        {
            var total = Vector256<double>.Zero;
            var positive = Vector256<double>.Zero;
            var twiceU = Vector256<double>.Zero;
            var negativeBelow = Vector256<double>.Zero;
            var blockPositive = Vector256<double>.Zero;
            var blockNegative = Vector256<double>.Zero;
            var logLossSum = Vector256<double>.Zero;
            var brierSum = Vector256<double>.Zero;
            var end = view.GroupStart[g + 1];
            for (var k = view.GroupStart[g]; k < end; k++)
            {
                var w = WeightsAt(weights, rows is null ? k : rows[k]);
                var f = flags[k];
                var wPositive = w * LabelVectors[f & LabelBit];
                total += w;
                positive += wPositive;
                logLossSum += w * Vector256.Create(logLoss[k]);
                brierSum += w * Vector256.Create(brier[k]);
                blockPositive += wPositive;
                blockNegative += w - wPositive;
                if ((f & BlockEndBit) != 0)
                {
                    // the block's positives beat the negatives below and tie with its own negatives
                    twiceU += blockPositive * (two * negativeBelow + blockNegative);
                    negativeBelow += blockNegative;
                    blockPositive = Vector256<double>.Zero;
                    blockNegative = Vector256<double>.Zero;
                }
            }
            var slot = view.GroupSlot[g];
            for (var lane = 0; lane < lanes; lane++)
            {
                var t = total[lane];
                var p = positive[lane];
                var negatives = t - p;
                var r = first + lane;
                draws[slot * 3][r] = p == 0 || negatives == 0 ? double.NaN : twiceU[lane] / (2.0 * p * negatives);
                draws[slot * 3 + 1][r] = t == 0 ? double.NaN : logLossSum[lane] / t;
                draws[slot * 3 + 2][r] = t == 0 ? double.NaN : brierSum[lane] / t;
            }
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

    /// <summary>Row i's weight goes to weights[i * stride + offset]; the stream depends only on the seed.</summary>
    public static void Fill(ulong seed, Span<byte> weights, int offset, int stride)
    {
        var random = new FastRandom(seed);
        var table = Table;
        var rows = weights.Length / stride;
        var i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            var bits = random.NextUInt64();
            for (var j = 0; j < 4; j++)
            {
                var cell = (int)(bits >> (16 * j)) & 0xFFFF;
                var w = table[cell];
                weights[(i + j) * stride + offset] = w != Refine ? w : (byte)Weight(((ulong)cell << 48) | (random.NextUInt64() >> 16));
            }
        }
        for (; i < rows; i++)
        {
            var cell = (int)random.NextUInt64() & 0xFFFF;
            var w = table[cell];
            weights[i * stride + offset] = w != Refine ? w : (byte)Weight(((ulong)cell << 48) | (random.NextUInt64() >> 16));
        }
    }
}
