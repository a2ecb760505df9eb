namespace Attest.Engine.Evaluation.Ll144;

public enum Ll144Mode { Selection, Scoring }

/// <summary>One category of a breakdown (a sex, a race/ethnicity, or a sex × race/ethnicity combination).</summary>
public sealed record Ll144Category(
    string Key, long Count, long Positive, double Rate, double ShareOfSample, bool UnderTwoPercent,
    double ImpactRatio, double ImpactRatioExcludingSmall);

public sealed record Ll144Breakdown(string Name, IReadOnlyList<Ll144Category> Categories, long UnknownCount, string? HighestRateCategory);

public sealed record Ll144Report(Ll144Mode Mode, long N, double MedianScore, IReadOnlyList<Ll144Breakdown> Breakdowns);

/// <summary>
/// NYC Local Law 144 bias audit (6 RCNY § 5-301): selection rate (selected / assessed) or scoring rate (share
/// scoring strictly above the whole sample's median) per sex, race/ethnicity and their intersection; impact
/// ratio = rate / rate of the most selected (highest scoring) category. Categories under 2% of the sample are
/// flagged, never dropped; a second ratio excludes them from the choice of the reference category. Rows whose
/// category is unknown are counted per breakdown and left out of its rates.
/// </summary>
public static class Ll144Audit
{
    public const double SmallCategoryShare = 0.02;

    /// <param name="sexValues">Sex labels by code; <paramref name="sexUnknown"/> marks codes that mean "unknown".</param>
    /// <param name="cellCounts">For cell sex * raceValues.Count + race: [assessed, selected or scoring above median].</param>
    public static Ll144Report Evaluate(
        Ll144Mode mode, IReadOnlyList<string> sexValues, bool[] sexUnknown, IReadOnlyList<string> raceValues, bool[] raceUnknown,
        long[] cellCounts, double medianScore = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(sexValues);
        ArgumentNullException.ThrowIfNull(raceValues);
        ArgumentNullException.ThrowIfNull(sexUnknown);
        ArgumentNullException.ThrowIfNull(raceUnknown);
        ArgumentNullException.ThrowIfNull(cellCounts);
        int s = sexValues.Count, r = raceValues.Count;
        if (cellCounts.Length != s * r * 2) throw new ArgumentException("one [n, positive] pair per sex × race cell is required", nameof(cellCounts));
        long total = 0;
        for (var c = 0; c < s * r; c++) total += cellCounts[c * 2];

        var sexOrder = Order(sexValues);
        var raceOrder = Order(raceValues);
        var bySex = new List<(string, long, long, bool)>();
        foreach (var i in sexOrder)
        {
            long n = 0, k = 0;
            for (var j = 0; j < r; j++) { n += cellCounts[(i * r + j) * 2]; k += cellCounts[(i * r + j) * 2 + 1]; }
            bySex.Add((sexValues[i], n, k, sexUnknown[i]));
        }
        var byRace = new List<(string, long, long, bool)>();
        foreach (var j in raceOrder)
        {
            long n = 0, k = 0;
            for (var i = 0; i < s; i++) { n += cellCounts[(i * r + j) * 2]; k += cellCounts[(i * r + j) * 2 + 1]; }
            byRace.Add((raceValues[j], n, k, raceUnknown[j]));
        }
        var byBoth = new List<(string, long, long, bool)>();
        foreach (var i in sexOrder)
            foreach (var j in raceOrder)
            {
                var n = cellCounts[(i * r + j) * 2];
                if (n == 0) continue;
                byBoth.Add(($"{sexValues[i]} | {raceValues[j]}", n, cellCounts[(i * r + j) * 2 + 1], sexUnknown[i] || raceUnknown[j]));
            }
        return new Ll144Report(mode, total, medianScore,
            [Breakdown("sex", bySex, total), Breakdown("race", byRace, total), Breakdown("sex&race", byBoth, total)]);
    }

    /// <summary>Scoring-type audit from raw scores: median of the whole sample (numpy.median), then strictly above it.</summary>
    public static Ll144Report FromScores(
        IReadOnlyList<string> sexValues, bool[] sexUnknown, IReadOnlyList<string> raceValues, bool[] raceUnknown,
        ReadOnlySpan<int> cellOfRow, ReadOnlySpan<double> scores)
    {
        ArgumentNullException.ThrowIfNull(sexValues);
        ArgumentNullException.ThrowIfNull(raceValues);
        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var median = sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        var counts = new long[sexValues.Count * raceValues.Count * 2];
        for (var i = 0; i < scores.Length; i++)
        {
            counts[cellOfRow[i] * 2]++;
            if (scores[i] > median) counts[cellOfRow[i] * 2 + 1]++;
        }
        return Evaluate(Ll144Mode.Scoring, sexValues, sexUnknown, raceValues, raceUnknown, counts, median);
    }

    private static int[] Order(IReadOnlyList<string> values)
    {
        var order = new int[values.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) => string.CompareOrdinal(values[a], values[b]));
        return order;
    }

    private static Ll144Breakdown Breakdown(string name, List<(string Key, long N, long K, bool Unknown)> rows, long total)
    {
        long unknown = 0;
        var known = new List<(string Key, long N, long K)>();
        foreach (var row in rows)
        {
            if (row.Unknown) unknown += row.N;
            else if (row.N > 0) known.Add((row.Key, row.N, row.K));
        }
        double best = double.NaN, bestLarge = double.NaN;
        string? bestKey = null;
        foreach (var (key, n, k) in known)
        {
            var rate = (double)k / n;
            if (double.IsNaN(best) || rate > best) { best = rate; bestKey = key; }
            if ((double)n / total >= SmallCategoryShare && (double.IsNaN(bestLarge) || rate > bestLarge)) bestLarge = rate;
        }
        var categories = new List<Ll144Category>(known.Count);
        foreach (var (key, n, k) in known)
        {
            var rate = (double)k / n;
            var share = (double)n / total;
            var small = share < SmallCategoryShare;
            categories.Add(new Ll144Category(key, n, k, rate, share, small,
                best > 0 ? rate / best : double.NaN,
                small || !(bestLarge > 0) ? double.NaN : rate / bestLarge));
        }
        return new Ll144Breakdown(name, categories, unknown, bestKey);
    }
}
