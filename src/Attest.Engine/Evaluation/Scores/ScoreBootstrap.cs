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

    private sealed class View(int[]? rows, byte[] flags, double[] logLoss, double[] brier, int[] groupStart, int[] groupSlot, bool[] groupWithoutTies)
    {
        public bool[] GroupWithoutTies { get; } = groupWithoutTies; // every row its own tie block: the pass needs no block sums
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
        var withoutTies = new bool[slotsUsed.Count];
        for (var g = 0; g < slotsUsed.Count; g++)
            withoutTies[g] = !flags.AsSpan(groupStart[g], groupStart[g + 1] - groupStart[g]).ContainsAnyExcept([BlockEndBit, (byte)(BlockEndBit | LabelBit)]);
        return new View(rows, flags, logLoss, brier, groupStart, [.. slotsUsed], withoutTies);
    }

    /// <summary>
    /// Resamples computed together, one per lane of a 512-bit vector of doubles (on hardware without AVX-512 the
    /// runtime splits each operation into two 256-bit halves; every lane's arithmetic, and so every draw, is the same).
    /// </summary>
    private const int Lanes = 8;

    /// <summary>
    /// False where this build cannot run the passes' 512-bit vectors in hardware (a Native AOT build for a baseline
    /// x86-64): the runtime then emulates them, several times slower — a host that has a JIT hands the work to it.
    /// </summary>
    public static bool RunsInHardwareVectors => Vector512.IsHardwareAccelerated;

    /// <summary>
    /// Runs the resamples; <paramref name="draws"/>[slot * 3 + m][r] receives metric m (ROC AUC, log loss, Brier)
    /// of resample r for that slot, NaN when undefined. Resamples go eight at a time through each pass (one per
    /// vector lane, their weights interleaved row by row), so a row's data is read once for eight resamples.
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
                FillWeights(seeds, first, lanes, weights);
                foreach (var view in _views) Pass(view, weights, draws, first, lanes);
                return weights;
            },
            _ => { });
    }

    /// <summary>Rows whose weights are drawn for every lane before the next rows: a block of the interleaved buffer
    /// stays in cache while the lanes' streams fill it. A multiple of 4, so each stream is the same as drawn at once.</summary>
    private const int FillBlock = 4096;

    private void FillWeights(IReadOnlyList<ulong> seeds, int first, int lanes, byte[] weights)
    {
        Span<FastRandom> streams = stackalloc FastRandom[Lanes];
        for (var lane = 0; lane < lanes; lane++) streams[lane] = new FastRandom(seeds[first + lane]);
        for (var start = 0; start < _rows; start += FillBlock)
        {
            var count = Math.Min(FillBlock, _rows - start);
            for (var lane = 0; lane < Lanes; lane++)
                if (lane < lanes) PoissonWeights.Fill(ref streams[lane], weights, lane, Lanes, start, count);
                else for (var i = start; i < start + count; i++) weights[i * Lanes + lane] = 0;
        }
    }

    private static readonly Vector512<double>[] LabelVectors = [Vector512<double>.Zero, Vector512<double>.One];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> WeightsAt(byte[] weights, int row)
    {
        var packed = Unsafe.ReadUnaligned<ulong>(ref weights[row * Lanes]);
        if (Avx512F.IsSupported)
            return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(Vector128.CreateScalar(packed).AsByte()));
        return Vector512.Create((double)(byte)packed, (byte)(packed >> 8), (byte)(packed >> 16), (byte)(packed >> 24),
            (byte)(packed >> 32), (byte)(packed >> 40), (byte)(packed >> 48), (byte)(packed >> 56));
    }

    private static void Pass(View view, byte[] weights, double[][] draws, int first, int lanes)
    {
        var rows = view.Rows;
        var flags = view.Flags;
        var logLoss = view.LogLoss;
        var brier = view.Brier;
        var two = Vector512.Create(2.0);
        for (var g = 0; g < view.GroupSlot.Length; g++)
        {
            var total = Vector512<double>.Zero;
            var positive = Vector512<double>.Zero;
            var twiceU = Vector512<double>.Zero;
            var negativeBelow = Vector512<double>.Zero;
            var blockPositive = Vector512<double>.Zero;
            var blockNegative = Vector512<double>.Zero;
            var logLossSum = Vector512<double>.Zero;
            var brierSum = Vector512<double>.Zero;
            var end = view.GroupStart[g + 1];
            if (view.GroupWithoutTies[g])
            {
                // A block of one row is all positive or all negative, so its own tie term is 0 and the block sums are
                // the row's weights: the same arithmetic as below, bit for bit, with fewer operations; the weights are
                // whole numbers, so total = positives + negatives exactly.
                for (var k = view.GroupStart[g]; k < end; k++)
                {
                    var w = WeightsAt(weights, rows is null ? k : rows[k]);
                    var wPositive = w * LabelVectors[flags[k] & LabelBit];
                    positive += wPositive;
                    logLossSum += w * Vector512.Create(logLoss[k]);
                    brierSum += w * Vector512.Create(brier[k]);
                    twiceU += wPositive * (two * negativeBelow);
                    negativeBelow += w - wPositive;
                }
                total = positive + negativeBelow;
            }
            else
            {
                for (var k = view.GroupStart[g]; k < end; k++)
                {
                    var w = WeightsAt(weights, rows is null ? k : rows[k]);
                    var f = flags[k];
                    var wPositive = w * LabelVectors[f & LabelBit];
                    total += w;
                    positive += wPositive;
                    logLossSum += w * Vector512.Create(logLoss[k]);
                    brierSum += w * Vector512.Create(brier[k]);
                    blockPositive += wPositive;
                    blockNegative += w - wPositive;
                    if ((f & BlockEndBit) != 0)
                    {
                        // the block's positives beat the negatives below and tie with its own negatives
                        twiceU += blockPositive * (two * negativeBelow + blockNegative);
                        negativeBelow += blockNegative;
                        blockPositive = Vector512<double>.Zero;
                        blockNegative = Vector512<double>.Zero;
                    }
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
        Fill(ref random, weights, offset, stride, 0, weights.Length / stride);
    }

    /// <summary>
    /// Rows [start, start + count) from the stream's current position: filling a stream's rows block by block gives
    /// the same weights as filling them at once when every block but the last has a multiple of 4 rows.
    /// </summary>
    public static void Fill(ref FastRandom random, Span<byte> weights, int offset, int stride, int start, int count)
    {
        var table = Table;
        var rows = start + count;
        var i = start;
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
