namespace Attest.Engine.Evaluation.Uncertainty;

/// <summary>
/// Exact binomial variates from a seeded System.Random: inversion when n·min(p,1−p) &lt; 10, otherwise
/// Hörmann's BTRD transformed rejection (Hörmann 1993, "The generation of binomial random variates").
/// </summary>
public static class BinomialSampler
{
    public static long Sample(Random random, long n, double p)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - Sample(random, n, 1 - p);
        return n * p < 10 ? Inversion(random, n, p) : Btrd(random, n, p);
    }

    private static long Inversion(Random random, long n, double p)
    {
        var q = 1 - p;
        var qn = Math.Exp(n * Math.Log(q));
        var np = n * p;
        var bound = Math.Min(n, (long)(np + 10 * Math.Sqrt(np * q + 1)));
        while (true)
        {
            long x = 0;
            var px = qn;
            var u = random.NextDouble();
            var restart = false;
            while (u > px)
            {
                x++;
                if (x > bound) { restart = true; break; }
                u -= px;
                px = (n - x + 1) * p * px / (x * q);
            }
            if (!restart) return x;
        }
    }

    private static readonly double[] StirlingTail =
    [
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
        0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
    ];

    // log(k!) − [(k + 1/2)·log(k + 1) − (k + 1) + log(2π)/2]
    private static double Fc(long k)
    {
        if (k < 10) return StirlingTail[k];
        var k1 = k + 1.0;
        var k2 = k1 * k1;
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / k2) / k2) / k1;
    }

    private static long Btrd(Random random, long n, double p)
    {
        var q = 1 - p;
        var m = (long)Math.Floor((n + 1) * p);
        var r = p / q;
        var nr = (n + 1) * r;
        var npq = n * p * q;
        var sqrtNpq = Math.Sqrt(npq);
        var b = 1.15 + 2.53 * sqrtNpq;
        var a = -0.0873 + 0.0248 * b + 0.01 * p;
        var c = n * p + 0.5;
        var alpha = (2.83 + 5.1 / b) * sqrtNpq;
        var vr = 0.92 - 4.2 / b;
        var urvr = 0.86 * vr;
        while (true)
        {
            var v = random.NextDouble();
            double u;
            if (v <= urvr)
            {
                u = v / vr - 0.43;
                return (long)Math.Floor((2 * a / (0.5 - Math.Abs(u)) + b) * u + c);
            }
            if (v >= vr)
            {
                u = random.NextDouble() - 0.5;
            }
            else
            {
                u = v / vr - 0.93;
                u = Math.Sign(u) * 0.5 - u;
                v = random.NextDouble() * vr;
            }
            var us = 0.5 - Math.Abs(u);
            var kd = Math.Floor((2 * a / us + b) * u + c);
            if (kd < 0 || kd > n) continue;
            var k = (long)kd;
            v = v * alpha / (a / (us * us) + b);
            var km = Math.Abs(k - m);
            if (km <= 15)
            {
                double f = 1;
                if (m < k)
                    for (var i = m + 1; i <= k; i++) f *= nr / i - r;
                else if (m > k)
                    for (var i = k + 1; i <= m; i++) v *= nr / i - r;
                if (v <= f) return k;
                continue;
            }
            v = Math.Log(v);
            var rho = km / npq * (((km / 3.0 + 0.625) * km + 1.0 / 6) / npq + 0.5);
            var t = -(double)km * km / (2 * npq);
            if (v < t - rho) return k;
            if (v > t + rho) continue;
            var nm = n - m + 1.0;
            var h = (m + 0.5) * Math.Log((m + 1) / (r * nm)) + Fc(m) + Fc(n - m);
            var nk = n - k + 1.0;
            if (v <= h + (n + 1) * Math.Log(nm / nk) + (k + 0.5) * Math.Log(nk * r / (k + 1)) - Fc(k) - Fc(n - k))
                return k;
        }
    }

    /// <summary>Multinomial(total; counts/Σcounts) by conditional binomials, written into <paramref name="result"/>.</summary>
    public static void Multinomial(Random random, long total, ReadOnlySpan<long> counts, Span<long> result)
    {
        long remainingWeight = 0;
        foreach (var c in counts) remainingWeight += c;
        var remaining = total;
        for (var i = 0; i < counts.Length; i++)
        {
            if (remaining == 0 || remainingWeight == 0) { result[i] = 0; continue; }
            var x = counts[i] == remainingWeight ? remaining : Sample(random, remaining, (double)counts[i] / remainingWeight);
            result[i] = x;
            remaining -= x;
            remainingWeight -= counts[i];
        }
    }
}
