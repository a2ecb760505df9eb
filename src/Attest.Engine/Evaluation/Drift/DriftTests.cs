namespace Attest.Engine.Evaluation.Drift;

/// <summary>
/// Evidently 0.7.21's stat tests (evidently/legacy/calculations/stattests) on NaN-free samples. Categorical
/// values arrive as numbers (category codes), since every categorical test only needs equality.
/// </summary>
public static class DriftTests
{
    public const string Ks = "ks";
    public const string ChiSquare = "chisquare";
    public const string Z = "z";
    public const string JensenShannon = "jensenshannon";
    public const string Wasserstein = "wasserstein";
    public const string Psi = "psi";

    /// <summary>Evidently's default thresholds: p-values for ks/chisquare/z, distances otherwise.</summary>
    public static double DefaultThreshold(string test) => test switch
    {
        Ks or ChiSquare or Z => 0.05,
        _ => 0.1,
    };

    /// <summary>True when the test's score is a p-value (drift when small) rather than a distance (drift when large).</summary>
    public static bool IsPValue(string test) => test is Ks or ChiSquare or Z;

    /// <summary>Evidently's registry._get_default_stattest.</summary>
    public static string DefaultTest(DriftColumnType type, int referenceCount, int uniqueValues)
    {
        if (referenceCount <= 1000)
        {
            if (type == DriftColumnType.Numerical && uniqueValues > 5) return Ks;
            return uniqueValues > 2 ? ChiSquare : Z;
        }
        if (type == DriftColumnType.Numerical) return uniqueValues <= 5 ? JensenShannon : Wasserstein;
        return JensenShannon;
    }

    /// <summary>Distinct values of two sorted samples together.</summary>
    public static int CountDistinct(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        int i = 0, j = 0, n = 0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var v = i < sortedReference.Length && (j >= sortedCurrent.Length || sortedReference[i] <= sortedCurrent[j]) ? sortedReference[i] : sortedCurrent[j];
            while (i < sortedReference.Length && sortedReference[i] == v) i++;
            while (j < sortedCurrent.Length && sortedCurrent[j] == v) j++;
            n++;
        }
        return n;
    }

    /// <summary>Counts per distinct value (ascending) of two sorted samples, by one merge.</summary>
    public static (double[] Keys, long[] Reference, long[] Current) Counts(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent)
    {
        var n = CountDistinct(sortedReference, sortedCurrent);
        var keys = new double[n];
        var refCounts = new long[n];
        var curCounts = new long[n];
        int i = 0, j = 0, k = 0;
        while (i < sortedReference.Length || j < sortedCurrent.Length)
        {
            var v = i < sortedReference.Length && (j >= sortedCurrent.Length || sortedReference[i] <= sortedCurrent[j]) ? sortedReference[i] : sortedCurrent[j];
            keys[k] = v;
            while (i < sortedReference.Length && sortedReference[i] == v) { i++; refCounts[k]++; }
            while (j < sortedCurrent.Length && sortedCurrent[j] == v) { j++; curCounts[k]++; }
            k++;
        }
        return (keys, refCounts, curCounts);
    }

    /// <summary>scipy.stats.chisquare(f_obs = current counts, f_exp = reference counts · n_cur/n_ref); returns (χ², p).</summary>
    public static (double Statistic, double PValue) ChiSquareTest(ReadOnlySpan<long> reference, ReadOnlySpan<long> current, long referenceTotal, long currentTotal)
    {
        var kNorm = (double)currentTotal / referenceTotal;
        var statistic = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            var expected = reference[i] * kNorm;
            var d = current[i] - expected;
            statistic += d * d / expected;
        }
        return (statistic, SpecialFunctions.ChiSquareSurvival(statistic, reference.Length - 1));
    }

    /// <summary>Evidently's two-proportion z-test: the smallest key is "0", anything else "1"; returns (z, p).</summary>
    public static (double Statistic, double PValue) ZTest(ReadOnlySpan<double> keys, ReadOnlySpan<long> reference, ReadOnlySpan<long> current)
    {
        int refValues = 0, curValues = 0, refOnly = -1, curOnly = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (reference[i] > 0) { refValues++; refOnly = i; }
            if (current[i] > 0) { curValues++; curOnly = i; }
        }
        if (refValues == 1 && curValues == 1 && refOnly == curOnly) return (0, 1);
        var first = 0;
        for (var i = 1; i < keys.Length; i++) if (keys[i] < keys[first]) first = i;
        long n1 = 0, n2 = 0;
        foreach (var c in reference) n1 += c;
        foreach (var c in current) n2 += c;
        double p1 = (double)(n1 - reference[first]) / n1;
        double p2 = (double)(n2 - current[first]) / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return (z, 2 * (1 - SpecialFunctions.NormalCdf(Math.Abs(z))));
    }

    /// <summary>scipy.spatial.distance.jensenshannon(p, q) with the natural logarithm.</summary>
    public static double JensenShannonDistance(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double sp = 0, sq = 0;
        foreach (var v in p) sp += v;
        foreach (var v in q) sq += v;
        var js = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            js += RelativeEntropy(pi, m) + RelativeEntropy(qi, m);
        }
        return Math.Sqrt(js / 2.0);
    }

    private static double RelativeEntropy(double x, double y) =>
        x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;

    /// <summary>Σ (ref − cur) · ln(ref / cur) over bins (Evidently's PSI, after its zero floor).</summary>
    public static double PopulationStabilityIndex(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        var psi = 0.0;
        for (var i = 0; i < reference.Length; i++) psi += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        return psi;
    }

    /// <summary>scipy.stats.wasserstein_distance (1-D, unweighted) on sorted samples.</summary>
    public static double WassersteinDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length, i = 0, j = 0;
        var sum = 0.0;
        var previous = Math.Min(a[0], b[0]);
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            var delta = v - previous;
            if (delta != 0) sum += Math.Abs((double)i / n1 - (double)j / n2) * delta;
            while (i < n1 && a[i] <= v) i++;
            while (j < n2 && b[j] <= v) j++;
            previous = v;
        }
        return sum;
    }

    /// <summary>numpy.std (ddof = 0).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        var ss = 0.0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return Math.Sqrt(ss / values.Length);
    }
}
