namespace Attest.Engine.Evaluation.Uncertainty;

/// <summary>Wilson score interval for a binomial proportion k/m (Wilson 1927), the default for rates.</summary>
public static class WilsonInterval
{
    /// <summary>z for a two-sided 95% interval: the 0.975 quantile of the standard normal.</summary>
    public const double Z95 = 1.959963984540054;

    public static Interval Compute(long successes, long trials, double z = Z95)
    {
        if (trials <= 0) return Interval.Undefined;
        double m = trials;
        var p = successes / m;
        var z2 = z * z;
        var denominator = 1 + z2 / m;
        var center = (p + z2 / (2 * m)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / m + z2 / (4 * m * m)) / denominator;
        return new Interval(Math.Max(0, center - half), Math.Min(1, center + half));
    }
}
