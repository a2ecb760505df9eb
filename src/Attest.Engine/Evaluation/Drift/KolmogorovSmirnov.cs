namespace Attest.Engine.Evaluation.Drift;

/// <summary>
/// Two-sample Kolmogorov–Smirnov test as scipy 1.10 ks_2samp(method='auto', two-sided): exact p-value when
/// both samples have at most 10000 values (Hodges' lattice-path "inside" method with Viehmann's recursion for
/// 1 − p), otherwise scipy's 'asymp' method: the two-sided Kolmogorov distribution kstwo.sf(D, round(mn/(m+n))).
/// </summary>
public static class KolmogorovSmirnov
{
    private const int MaxExactN = 10000;

    public readonly record struct Result(double Statistic, double PValue, bool Exact);

    /// <param name="a">First sample, sorted ascending.</param>
    /// <param name="b">Second sample, sorted ascending.</param>
    public static Result TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        if (n1 == 0 || n2 == 0) return new Result(double.NaN, double.NaN, false);
        // max and min of cdf1 − cdf2 over all observed values (cdf = share ≤ value)
        double maxS = double.NegativeInfinity, minS = double.PositiveInfinity;
        int i = 0, j = 0;
        while (i < n1 || j < n2)
        {
            var v = i < n1 && (j >= n2 || a[i] <= b[j]) ? a[i] : b[j];
            while (i < n1 && a[i] <= v) i++;
            while (j < n2 && b[j] <= v) j++;
            var diff = (double)i / n1 - (double)j / n2;
            if (diff > maxS) maxS = diff;
            if (diff < minS) minS = diff;
        }
        var minClipped = Math.Clamp(-minS, 0, 1);
        var d = minClipped > maxS ? minClipped : maxS;

        var g = Gcd(n1, n2);
        if (Math.Max(n1, n2) <= MaxExactN)
        {
            var lcm = (long)(n1 / g) * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            var dExact = (double)h / lcm;
            if (h == 0) return new Result(dExact, 1.0, true);
            var p = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInside(n1, n2, g, h);
            if (p is >= 0 and <= 1) return new Result(dExact, p, true);
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = (int)Math.Round(m * n / (m + n), MidpointRounding.ToEven);
        return new Result(d, Math.Clamp(KolmogorovDistribution.Survival(en, d), 0, 1), false);
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    // scipy _compute_prob_outside_square
    private static double ProbOutsideSquare(int n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++) p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    // scipy _compute_outer_prob_inside_method (the 1 − p recursion of Viehmann 2021)
    private static double OuterProbInside(int m0, int n0, int g, long h)
    {
        long m = Math.Max(m0, n0), n = Math.Min(m0, n0);
        long mg = m / g, ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var x = minj; x < maxj; x++) a[x] = 0.0;
        for (long i = 1; i <= m; i++)
        {
            var lastminj = minj;
            var lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
                for (var x = maxj - minj; x < Math.Min(lenA, maxj - minj + (lastlen - curlen)); x++) a[x] = 1;
        }
        return a[maxj - minj - 1];
    }
}
