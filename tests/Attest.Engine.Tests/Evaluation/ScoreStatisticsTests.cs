using Attest.Engine.Evaluation.Scores;

namespace Attest.Engine.Tests.Evaluation;

public sealed class ScoreStatisticsTests
{
    [Fact]
    public void Weighted_rows_equal_the_materialised_resample_with_and_without_tie_marks()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 30; trial++)
        {
            var n = random.Next(1, 300);
            var scores = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble(), 1)).Order().ToArray(); // many ties
            var cells = Enumerable.Range(0, n).Select(_ => random.Next(3) * 2 + random.Next(2)).ToArray();
            var weights = Enumerable.Range(0, n).Select(_ => (byte)random.Next(0, 4)).ToArray();
            // slot 0 = all rows, slot 1 + cell = the cell's rows
            var map = new SlotMap(4, 2, [0, 1, 0, 2, 0, 3]);
            var ll = scores.Select((s, i) => ScoreStatistics.RowLogLoss(s, (cells[i] & 1) == 1)).ToArray();
            var br = scores.Select((s, i) => ScoreStatistics.RowBrier(s, (cells[i] & 1) == 1)).ToArray();
            var weighted = ScoreStatistics.Compute(scores, cells, map, weights, ll, br, ScoreStatistics.TieMarks(scores));
            var weightedByScores = ScoreStatistics.Compute(scores, cells, map, weights, ll, br);
            var expandedScores = scores.SelectMany((s, i) => Enumerable.Repeat(s, weights[i])).ToArray();
            var expandedCells = cells.SelectMany((c, i) => Enumerable.Repeat(c, weights[i])).ToArray();
            var plain = ScoreStatistics.Compute(expandedScores, expandedCells, map, default, default, default);
            for (var slot = 0; slot < 4; slot++)
            {
                weighted.TwiceU[slot].ShouldBe(plain.TwiceU[slot]);
                weighted.PositiveWeight[slot].ShouldBe(plain.PositiveWeight[slot]);
                weighted.Weight[slot].ShouldBe(plain.Weight[slot]);
                weightedByScores.TwiceU[slot].ShouldBe(plain.TwiceU[slot]);
                weighted.LogLossSum[slot].ShouldBe(plain.LogLossSum[slot], 1e-9);
                weighted.BrierSum[slot].ShouldBe(plain.BrierSum[slot], 1e-9);
            }
        }
    }

    [Fact]
    public void Tie_marks_flag_runs_of_equal_scores()
    {
        ScoreStatistics.TieMarks([0.1, 0.2, 0.2, 0.2, 0.3, 0.4, 0.4]).ShouldBe(new byte[] { 0, 1, 2, 2, 0, 1, 2 });
    }
}
