namespace Attest.Engine.Evaluation.Drift;

/// <summary>
/// The exact finite-n two-sided Kolmogorov distribution, P(D_n ≥ x), as scipy 1.10's kstwo.sf computes it
/// (scipy/stats/_ksstats.py, Simard and L'Ecuyer 2011): Ruben–Gambino closed forms at the ends, the Durbin
/// matrix (Marsaglia–Tsang–Wang), Pomeranz's recursion, Pelz–Good's asymptotic series and the exact one-sided
/// Smirnov sum, each in the region where scipy uses it.
/// </summary>
public static class KolmogorovDistribution
{
    private const double Ep128 = 3.402823669209385e38; // 2^128
    private const double Em128 = 2.938735877055719e-39; // 2^-128
    private const int E128 = 128;

    public static double Survival(int n, double x)
    {
        if (double.IsNaN(x) || n <= 0) return double.NaN;
        if (x >= 1.0) return 0.0;
        if (x <= 0.0) return 1.0;
        var t = n * x;
        if (t <= 1.0)
        {
            if (t <= 0.5) return 1.0;
            double cdf;
            if (n <= 140)
            {
                cdf = 1.0;
                for (var i = 1; i <= n; i++) cdf *= i * (1.0 / n) * (2 * t - 1);
            }
            else
            {
                cdf = Math.Exp(SpecialFunctions.LogGamma(n + 1.0) - n * Math.Log(n) + n * Math.Log(2 * t - 1));
            }
            return Clip(1.0 - cdf);
        }
        if (t >= n - 1) return Clip(2 * Math.Pow(1.0 - x, n));
        if (x >= 0.5) return Clip(2 * Smirnov(n, x));
        var nxSquared = t * x;
        if (n <= 140)
        {
            if (nxSquared <= 0.754693) return Clip(1.0 - DurbinMatrixCdf(n, x));
            if (nxSquared <= 4) return Clip(1.0 - PomeranzCdf(n, x));
            return Clip(2 * Smirnov(n, x));
        }
        if (nxSquared >= 370.0) return 0.0;
        if (nxSquared >= 2.2) return Clip(2 * Smirnov(n, x));
        double cdfProb = nxSquared >= 18.0 ? 1.0
            : n <= 100000 && n * Math.Pow(x, 1.5) <= 1.4 ? DurbinMatrixCdf(n, x)
            : PelzGoodCdf(n, x);
        return Clip(1.0 - cdfProb);
    }

    private static double Clip(double p) => Math.Clamp(p, 0.0, 1.0);

    /// <summary>One-sided P(D_n+ ≥ e): Birnbaum–Tingey's exact sum, in log space.</summary>
    public static double Smirnov(int n, double e)
    {
        if (!(n > 0 && e >= 0.0 && e <= 1.0)) return double.NaN;
        if (e == 0.0) return 1.0;
        var nn = (int)Math.Floor(n * (1.0 - e));
        var lgN = SpecialFunctions.LogGamma(n + 1.0);
        var p = 0.0;
        for (var v = 0; v <= nn; v++)
        {
            var evn = e + (double)v / n;
            var omevn = 1.0 - evn;
            if (omevn <= 0 && n - v > 0) continue;
            var term = lgN - SpecialFunctions.LogGamma(v + 1.0) - SpecialFunctions.LogGamma(n - v + 1.0)
                + (v - 1) * Math.Log(evn) + (n - v == 0 ? 0 : (n - v) * Math.Log(omevn));
            if (term > -708) p += Math.Exp(term);
        }
        return p * e;
    }

    /// <summary>Durbin's matrix method as in Marsaglia, Tsang and Wang (2003): P(D_n ≤ d).</summary>
    public static double DurbinMatrixCdf(int n, double d)
    {
        if (d >= 1.0) return 1.0;
        var nd = n * d;
        if (nd <= 0.5) return 0.0;
        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = 2 * k - 1;
        var hm = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var fac = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = fac;
            fac /= j;
            v[j - 1] = (1.0 - Math.Pow(h, j)) * fac;
        }
        var tt = Math.Pow(Math.Max(2 * h - 1.0, 0), m) - 2 * Math.Pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;
        for (var i = 1; i < m; i++)
            for (var r = i - 1; r < m; r++) hm[r, i] = w[r - (i - 1)];
        for (var r = 0; r < m; r++) hm[r, 0] = v[r];
        for (var c = 0; c < m; c++) hm[m - 1, c] = v[m - 1 - c];

        var power = Identity(m);
        var nn = n;
        var exponent = 0;
        var hExponent = 0;
        while (nn > 0)
        {
            if (nn % 2 == 1)
            {
                power = Multiply(power, hm);
                exponent += hExponent;
            }
            hm = Multiply(hm, hm);
            hExponent *= 2;
            if (Math.Abs(hm[k - 1, k - 1]) > Ep128)
            {
                Scale(hm, 1 / Ep128);
                hExponent += E128;
            }
            nn /= 2;
        }
        var p = power[k - 1, k - 1];
        for (var i = 1; i <= n; i++)
        {
            p = i * p / n;
            if (Math.Abs(p) < Em128)
            {
                p *= Ep128;
                exponent -= E128;
            }
        }
        if (exponent != 0) p = Math.ScaleB(p, exponent);
        return Clip(p);
    }

    private static double[,] Identity(int m)
    {
        var a = new double[m, m];
        for (var i = 0; i < m; i++) a[i, i] = 1;
        return a;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var c = new double[m, m];
        for (var i = 0; i < m; i++)
            for (var l = 0; l < m; l++)
            {
                var ail = a[i, l];
                if (ail == 0) continue;
                for (var j = 0; j < m; j++) c[i, j] += ail * b[l, j];
            }
        return c;
    }

    private static void Scale(double[,] a, double factor)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
            for (var j = 0; j < m; j++) a[i, j] *= factor;
    }

    private static (int J1, int J2) PomeranzBounds(int i, int n, int ll, int ceilf, int roundf)
    {
        int j1, j2;
        if (i == 0)
        {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        }
        else
        {
            var half = (i + 1) / 2;
            var odd = (i + 1) % 2 == 0;
            if (odd)
            {
                if (half == n + 1) { j1 = n - ll - ceilf - 1; j2 = n + ll + ceilf - 1; }
                else { j1 = half - 1 - ll - roundf - 1; j2 = half + ll - 1 + ceilf - 1; }
            }
            else
            {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundf - 1;
            }
        }
        return (Math.Max(j1 + 2, 0), Math.Min(j2, n));
    }

    /// <summary>Pomeranz's recursion (1974): P(D_n ≤ x).</summary>
    public static double PomeranzCdf(int n, double x)
    {
        var t = n * x;
        var ll = (int)Math.Floor(t);
        var f = t - ll;
        var g = Math.Min(f, 1.0 - f);
        var ceilf = f > 0 ? 1 : 0;
        var roundf = f > 0.5 ? 1 : 0;
        var npwrs = 2 * (ll + 1);
        var gpower = new double[npwrs];
        var twogpower = new double[npwrs];
        var onem2gpower = new double[npwrs];
        gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
        var exponent = 0;
        double gOverN = g / n, twoGOverN = 2 * g / n, oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (var m = 1; m < npwrs; m++)
        {
            gpower[m] = gpower[m - 1] * gOverN / m;
            twogpower[m] = twogpower[m - 1] * twoGOverN / m;
            onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
        }
        var v0 = new double[npwrs];
        var v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0, v1s = 0;
        var (j1, _) = PomeranzBounds(0, n, ll, ceilf, roundf);
        for (var i = 1; i < 2 * n + 2; i++)
        {
            var k1 = j1;
            (v0, v1) = (v1, v0);
            (v0s, v1s) = (v1s, v0s);
            Array.Clear(v1);
            (j1, var j2) = PomeranzBounds(i, n, ll, ceilf, roundf);
            var pwrs = i == 1 || i == 2 * n + 1 ? gpower : i % 2 == 1 ? twogpower : onem2gpower;
            var ln2 = j2 - k1 + 1;
            if (ln2 <= 0) continue;
            // full convolution of V0[k1 - V0s .. + ln2) with pwrs[0 .. ln2), then take [j1 - k1, j1 - k1 + len)
            var convStart = j1 - k1;
            var convLength = j2 - j1 + 1;
            var max = 0.0;
            for (var c = 0; c < convLength; c++)
            {
                var idx = convStart + c;
                var sum = 0.0;
                var lo = Math.Max(0, idx - (ln2 - 1));
                var hi = Math.Min(idx, ln2 - 1);
                for (var a = lo; a <= hi; a++) sum += v0[k1 - v0s + a] * pwrs[idx - a];
                v1[c] = sum;
                if (sum > max) max = sum;
            }
            if (max > 0 && max < Em128)
            {
                for (var c = 0; c < v1.Length; c++) v1[c] *= Ep128;
                exponent -= E128;
            }
            v1s = v0s + j1 - k1;
        }
        var ans = v1[n - v1s];
        for (var m = 1; m <= n; m++)
        {
            if (Math.Abs(ans) > Ep128)
            {
                ans *= Em128;
                exponent += E128;
            }
            ans *= m;
        }
        if (exponent != 0) ans = Math.ScaleB(ans, exponent);
        return Clip(ans);
    }

    /// <summary>Pelz and Good's (1976) asymptotic series: P(D_n ≤ x).</summary>
    public static double PelzGoodCdf(int n, double x)
    {
        if (x <= 0.0) return 0.0;
        if (x >= 1.0) return 1.0;
        const double piSquared = Math.PI * Math.PI;
        const double piFour = piSquared * piSquared;
        const double piSix = piFour * piSquared;
        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        var z = Math.Sqrt(n) * x;
        double zsquared = z * z, zthree = z * z * z, zfour = zsquared * zsquared, zsix = zfour * zsquared;
        var qlog = -piSquared / 8 / zsquared;
        if (qlog < -708) return 0.0;
        var q = Math.Exp(qlog);
        var k1a = -zsquared;
        var k1b = piSquared / 4;
        var k2a = 6 * zsix + 2 * zfour;
        var k2b = (2 * zfour - 5 * zsquared) * piSquared / 4;
        var k2c = piFour * (1 - 2 * zsquared) / 16;
        var k3d = piSix * (5 - 30 * zsquared) / 64;
        var k3c = piFour * (-60 * zsquared + 212 * zfour) / 16;
        var k3b = piSquared * (135 * zfour - 96 * zsix) / 4;
        var k3a = -30 * zsix - 90 * Math.Pow(z, 8);
        Span<double> k0to3 = stackalloc double[4];
        var maxk = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxk; k > 0; k--)
        {
            var m = 2.0 * k - 1;
            double msquared = m * m, mfour = msquared * msquared, msix = mfour * msquared;
            var qpower = Math.Pow(q, 8 * k);
            for (var i = 0; i < 4; i++) k0to3[i] *= qpower;
            k0to3[0] += 1.0;
            k0to3[1] += k1a + k1b * msquared;
            k0to3[2] += k2a + k2b * msquared + k2c * mfour;
            k0to3[3] += k3a + k3b * msquared + k3c * mfour + k3d * msix;
        }
        for (var i = 0; i < 4; i++) k0to3[i] *= q * sqrt2Pi;
        k0to3[0] /= z;
        k0to3[1] /= 6 * zfour;
        k0to3[2] /= 72 * Math.Pow(z, 7);
        k0to3[3] /= 6480 * Math.Pow(z, 10);
        var q2 = Math.Exp(-piSquared / 2 / zsquared);
        var sqrt3z = Math.Sqrt(3) * z;
        double k2extra = 0, k3extra = 0;
        for (var k = maxk; k > 0; k--)
        {
            double ksq = (double)k * k;
            var qp = Math.Pow(q2, ksq);
            k2extra += ksq * qp;
            var kspi = Math.PI * k;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        k0to3[2] += k2extra * piSquared * sqrt2Pi / (-36 * zthree);
        k0to3[3] += k3extra * piSquared * sqrt2Pi / (216 * zsix);
        var sum = 0.0;
        for (var i = 0; i < 4; i++) sum += k0to3[i] / Math.Pow(n, i / 2.0);
        return sum;
    }
}
