using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Tests.Evaluation;

public sealed class UncertaintyTests
{
    [Fact]
    public void Wilson_interval_matches_the_closed_form()
    {
        // Wilson (1927) for 8/20 at z = 1.959963984540054, evaluated in Python:
        // (p + z²/2m)/(1 + z²/m) ∓ z·sqrt(p(1−p)/m + z²/4m²)/(1 + z²/m) = (0.21880653237281705, 0.6134184992377469)
        var ci = WilsonInterval.Compute(8, 20);
        ci.Lower.ShouldBe(0.21880653237281705, 1e-15);
        ci.Upper.ShouldBe(0.6134184992377469, 1e-15);
        WilsonInterval.Compute(0, 10).Lower.ShouldBe(0.0);
        WilsonInterval.Compute(0, 0).ShouldBe(Interval.Undefined);
    }

    [Fact]
    public void Quantile_interpolates_linearly_like_numpy()
    {
        // numpy.quantile([1, 2, 3, 4], [0.025, 0.5, 0.975]) = [1.075, 2.5, 3.925]
        double[] v = [4, 1, 3, 2];
        Quantile.OfUnsorted(v, 0.025).ShouldBe(1.075, 1e-15);
        Quantile.OfUnsorted(v, 0.5).ShouldBe(2.5);
        Quantile.OfUnsorted(v, 0.975).ShouldBe(3.925, 1e-15);
        Quantile.OfUnsorted([double.NaN, 1, 3], 0.5).ShouldBe(2.0);
    }

    [Theory]
    [InlineData(20, 0.3)]
    [InlineData(1000, 0.01)]
    [InlineData(1000, 0.4)]
    [InlineData(100000, 0.7)]
    public void Binomial_samples_have_the_right_mean_and_variance(long n, double p)
    {
        var random = new Random(42);
        const int draws = 40000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < draws; i++)
        {
            double x = BinomialSampler.Sample(random, n, p);
            x.ShouldBeInRange(0, n);
            sum += x;
            sumSq += x * x;
        }
        var mean = sum / draws;
        var variance = sumSq / draws - mean * mean;
        var sd = Math.Sqrt(n * p * (1 - p));
        Math.Abs(mean - n * p).ShouldBeLessThan(5 * sd / Math.Sqrt(draws));
        Math.Abs(variance / (n * p * (1 - p)) - 1).ShouldBeLessThan(0.05);
    }

    [Fact]
    public void Multinomial_resample_keeps_the_total()
    {
        var random = new Random(1);
        long[] counts = [5, 0, 100, 3, 892];
        var result = new long[counts.Length];
        for (var i = 0; i < 100; i++)
        {
            BinomialSampler.Multinomial(random, 1000, counts, result);
            result.Sum().ShouldBe(1000);
            result[1].ShouldBe(0);
        }
    }

    [Fact]
    public void Bootstrap_intervals_cover_the_true_rate_about_95_percent_of_the_time()
    {
        // 200 samples of 400 rows from a population with selection rate 0.3; the 95% percentile interval should cover 0.3 in ~95%
        var gen = new Random(5);
        var covered = 0;
        const int trials = 200;
        for (var t = 0; t < trials; t++)
        {
            var n = 400;
            var pred = Enumerable.Range(0, n).Select(_ => gen.NextDouble() < 0.3 ? 1 : 0).ToArray();
            var y = Enumerable.Range(0, n).Select(_ => gen.Next(2)).ToArray();
            var groups = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? "a" : "b").ToArray();
            var report = FairnessEvaluator.Evaluate(Rows.Input(y, pred, [groups]),
                new FairnessOptions { BootstrapResamples = 400, Random = new Random(t) });
            var ci = report.OverallIntervals[MetricNames.SelectionRate];
            if (ci.Lower <= 0.3 && 0.3 <= ci.Upper) covered++;
            (ci.Upper - ci.Lower).ShouldBeInRange(0.06, 0.12); // 2 × 1.96 × sqrt(0.21/400) ≈ 0.0898
        }
        ((double)covered / trials).ShouldBeInRange(0.90, 0.99);
    }

    [Fact]
    public void Score_bootstrap_is_reproducible_for_a_seed()
    {
        var gen = new Random(9);
        var n = 500;
        var y = Enumerable.Range(0, n).Select(_ => gen.Next(2)).ToArray();
        var scores = y.Select(v => Math.Clamp(0.3 * v + 0.7 * gen.NextDouble(), 0, 1)).ToArray();
        var pred = scores.Select(s => s >= 0.5 ? 1 : 0).ToArray();
        var groups = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? "a" : "b").ToArray();
        FairnessReport Run() => FairnessEvaluator.Evaluate(Rows.Input(y, pred, [groups], scores),
            new FairnessOptions { BootstrapResamples = 100, Random = new Random(3) });
        var first = Run().OverallIntervals[MetricNames.RocAuc];
        var second = Run().OverallIntervals[MetricNames.RocAuc];
        first.ShouldBe(second);
        first.Lower.ShouldBeLessThan(first.Upper);
    }
}
