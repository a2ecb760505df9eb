using Attest.Engine.Evaluation.Scores;

namespace Attest.Engine.Tests.Evaluation;

public sealed class ScoreBootstrapTests
{
    [Fact]
    public void Each_resample_equals_its_materialised_rows_whatever_the_ties_and_groups()
    {
        var random = new Random(8);
        for (var trial = 0; trial < 20; trial++)
        {
            var n = trial == 0 ? 9_001 : random.Next(1, 400); // 9,001: weights drawn in three blocks, the last not a multiple of 4
            var scores = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), trial % 2 == 0 ? 1 : 15)).Order().ToArray(); // many ties, or none
            var cells = Enumerable.Range(0, n).Select(_ => random.Next(3) * 2 + random.Next(2)).ToArray();
            // slot 0 = all rows; view 1: cells 0 and 1 form group slot 1, cell 2 group slot 2
            var map = new SlotMap(3, 2, [0, 1, 0, 1, 0, 2]);
            var seeds = Enumerable.Range(0, 11).Select(_ => (ulong)random.NextInt64()).ToArray(); // 11: one batch of 8 and a partial one
            var draws = Enumerable.Range(0, 9).Select(_ => new double[seeds.Length]).ToArray();
            new ScoreBootstrap(scores, cells, map).Run(seeds, draws, maxDegreeOfParallelism: 2);

            for (var r = 0; r < seeds.Length; r++)
            {
                var weights = new byte[n];
                PoissonWeights.Fill(seeds[r], weights, 0, 1);
                var expandedScores = scores.SelectMany((s, i) => Enumerable.Repeat(s, weights[i])).ToArray();
                var expandedCells = cells.SelectMany((c, i) => Enumerable.Repeat(c, weights[i])).ToArray();
                var plain = ScoreStatistics.Compute(expandedScores, expandedCells, map, default, default, default);
                for (var slot = 0; slot < 3; slot++)
                {
                    Same(draws[slot * 3][r], plain.RocAuc(slot), 1e-12);
                    Same(draws[slot * 3 + 1][r], plain.LogLoss(slot), 1e-9);
                    Same(draws[slot * 3 + 2][r], plain.Brier(slot), 1e-9);
                }
            }
        }
    }

    private static void Same(double actual, double expected, double tolerance)
    {
        if (double.IsNaN(expected)) actual.ShouldBe(double.NaN);
        else actual.ShouldBe(expected, tolerance);
    }

    [Fact]
    public void Poisson_weights_have_mean_and_variance_one_and_the_poisson_zero_share()
    {
        var weights = new byte[2_000_000];
        PoissonWeights.Fill(42, weights, 0, 1);
        double sum = 0, squares = 0, zeros = 0;
        foreach (var w in weights)
        {
            sum += w;
            squares += w * w;
            if (w == 0) zeros++;
        }
        var mean = sum / weights.Length;
        (squares / weights.Length - mean * mean).ShouldBe(1.0, 0.005);
        mean.ShouldBe(1.0, 0.003);
        (zeros / weights.Length).ShouldBe(Math.Exp(-1), 0.002);
    }

    [Fact]
    public void The_same_seeds_give_the_same_draws_with_one_thread_or_many()
    {
        var random = new Random(3);
        var scores = Enumerable.Range(0, 5000).Select(_ => random.NextDouble()).Order().ToArray();
        var cells = Enumerable.Range(0, 5000).Select(_ => random.Next(2) * 2 + random.Next(2)).ToArray();
        var map = new SlotMap(3, 2, [0, 1, 0, 2]);
        var seeds = Enumerable.Range(0, 13).Select(i => (ulong)i * 7919).ToArray();
        double[][] Run(int threads)
        {
            var draws = Enumerable.Range(0, 9).Select(_ => new double[seeds.Length]).ToArray();
            new ScoreBootstrap(scores, cells, map).Run(seeds, draws, threads);
            return draws;
        }
        var one = Run(1);
        var many = Run(4);
        for (var i = 0; i < one.Length; i++) many[i].ShouldBe(one[i]);
    }

    [Fact]
    public void A_group_without_rows_has_undefined_draws_not_zeros()
    {
        // slot 3 is a group (an empty intersection cell) that no row falls into
        var map = new SlotMap(4, 2, [0, 1, 0, 2]);
        var draws = Enumerable.Range(0, 12).Select(_ => new double[5]).ToArray();
        new ScoreBootstrap([0.1, 0.2, 0.3, 0.4], [0, 1, 2, 3], map).Run([1, 2, 3, 4, 5], draws, 1);
        for (var m = 0; m < 3; m++) draws[3 * 3 + m].ShouldAllBe(v => double.IsNaN(v));
    }
}
