namespace Attest.Engine.Evaluation.Drift;

/// <summary>
/// Evidently's get_binned_data: a numerical column with more than 20 distinct reference values is cut into
/// numpy 'sturges' bins over reference ∪ current (np.histogram_bin_edges, then np.histogram); anything else
/// gets one bin per distinct value. Shares are count / sample size. For PSI, zero shares are floored at 1e-4,
/// or at (smallest non-zero share) / 1e6 when that share is itself ≤ 1e-4.
/// </summary>
public static class DriftBinning
{
    public sealed record Binned(IReadOnlyList<string> Labels, double[] Reference, double[] Current, bool Sturges);

    /// <param name="sortedReference">NaN-free, ascending.</param>
    /// <param name="sortedCurrent">NaN-free, ascending.</param>
    public static Binned Bin(DriftColumnType type, ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, Func<double, string> label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (type == DriftColumnType.Numerical && DistinctSorted(sortedReference) > 20)
        {
            var edges = SturgesEdges(sortedReference, sortedCurrent);
            var refShares = Histogram(sortedReference, edges);
            var curShares = Histogram(sortedCurrent, edges);
            var labels = new string[edges.Length - 1];
            for (var i = 0; i < labels.Length; i++) labels[i] = $"[{label(edges[i])}, {label(edges[i + 1])}{(i == labels.Length - 1 ? "]" : ")")}";
            return new Binned(labels, refShares, curShares, true);
        }
        var (keys, reference, current) = DriftTests.Counts(sortedReference, sortedCurrent);
        var r = new double[keys.Length];
        var c = new double[keys.Length];
        var l = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            r[i] = (double)reference[i] / sortedReference.Length;
            c[i] = (double)current[i] / sortedCurrent.Length;
            l[i] = label(keys[i]);
        }
        return new Binned(l, r, c, false);
    }

    public static int DistinctSorted(ReadOnlySpan<double> sorted)
    {
        if (sorted.IsEmpty) return 0;
        var n = 1;
        for (var i = 1; i < sorted.Length; i++) if (sorted[i] != sorted[i - 1]) n++;
        return n;
    }

    /// <summary>np.histogram_bin_edges(reference ∪ current, bins='sturges').</summary>
    public static double[] SturgesEdges(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var first = Math.Min(sortedReference[0], sortedCurrent[0]);
        var last = Math.Max(sortedReference[^1], sortedCurrent[^1]);
        if (first == last) { first -= 0.5; last += 0.5; }
        var size = sortedReference.Length + sortedCurrent.Length;
        var ptp = Math.Max(sortedReference[^1], sortedCurrent[^1]) - Math.Min(sortedReference[0], sortedCurrent[0]);
        var width = ptp / (Math.Log2(size) + 1.0);
        var bins = width != 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        // np.linspace(first, last, bins + 1): i * step + start, last edge exactly 'last'
        var edges = new double[bins + 1];
        var step = (last - first) / bins;
        for (var i = 0; i <= bins; i++) edges[i] = i * step + first;
        edges[bins] = last;
        return edges;
    }

    /// <summary>
    /// np.histogram(values, edges) / len(values): [e_i, e_i+1) with the last bin closed (a value equal to a repeated
    /// edge goes to the last bin starting there). One sweep, since the values are sorted.
    /// </summary>
    public static double[] Histogram(ReadOnlySpan<double> sorted, double[] edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var counts = new long[edges.Length - 1];
        var last = counts.Length - 1;
        var bin = 0;
        foreach (var v in sorted)
        {
            if (v < edges[0] || v > edges[^1]) continue;
            while (bin < last && v >= edges[bin + 1]) bin++;
            counts[bin]++;
        }
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++) shares[i] = (double)counts[i] / sorted.Length;
        return shares;
    }

    /// <summary>Evidently's zero floor ("feel_zeroes"), applied to a copy.</summary>
    public static double[] FloorZeros(double[] shares)
    {
        ArgumentNullException.ThrowIfNull(shares);
        var minNonZero = double.PositiveInfinity;
        foreach (var s in shares) if (s != 0 && s < minNonZero) minNonZero = s;
        var floor = minNonZero <= 0.0001 ? minNonZero / 1e6 : 0.0001;
        var result = (double[])shares.Clone();
        for (var i = 0; i < result.Length; i++) if (result[i] == 0) result[i] = floor;
        return result;
    }
}
