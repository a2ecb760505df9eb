namespace Attest.Engine.Evaluation.Uncertainty;

/// <summary>numpy.nanquantile with the default 'linear' method: NaNs are dropped, then linear interpolation.</summary>
public static class Quantile
{
    /// <summary>Sorts <paramref name="values"/> in place (NaNs last) and returns the q-quantile of the non-NaN ones.</summary>
    public static double OfUnsorted(Span<double> values, double q)
    {
        values.Sort(static (a, b) => double.IsNaN(a) ? (double.IsNaN(b) ? 0 : 1) : double.IsNaN(b) ? -1 : a.CompareTo(b));
        var n = 0;
        while (n < values.Length && !double.IsNaN(values[n])) n++;
        return OfSorted(values[..n], q);
    }

    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var t = position - lower;
        double a = sorted[lower], b = sorted[upper];
        // numpy's _lerp: a + (b - a) * t, evaluated from the nearer end for t >= 0.5
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }
}
