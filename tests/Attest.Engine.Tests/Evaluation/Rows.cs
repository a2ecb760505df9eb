using Attest.Engine.Evaluation.Fairness;

namespace Attest.Engine.Tests.Evaluation;

/// <summary>Builds a FairnessInput from plain arrays, the way the CSV reader would.</summary>
internal static class Rows
{
    public static FairnessInput Input(int[] y, int[] pred, string[][] features, double[]? scores = null)
    {
        var f = features.Length;
        var values = new List<string>[f];
        for (var i = 0; i < f; i++) values[i] = [];
        var cells = new Dictionary<string, int>();
        var codes = new List<int>();
        var counts = new List<long>();
        var packed = new int[y.Length];
        for (var r = 0; r < y.Length; r++)
        {
            var rowCodes = new int[f];
            for (var i = 0; i < f; i++)
            {
                var code = values[i].IndexOf(features[i][r]);
                if (code < 0) { code = values[i].Count; values[i].Add(features[i][r]); }
                rowCodes[i] = code;
            }
            var key = string.Join(",", rowCodes);
            if (!cells.TryGetValue(key, out var cell))
            {
                cell = cells.Count;
                cells[key] = cell;
                codes.AddRange(rowCodes);
                counts.AddRange([0, 0, 0, 0]);
            }
            counts[cell * 4 + ConfusionCounts.CellIndex(y[r] == 1, pred[r] == 1)]++;
            packed[r] = ScoredRows.Pack(cell, y[r] == 1);
        }
        var scored = scores is null ? null : new ScoredRows((double[])scores.Clone(), packed, y.Length);
        return new FairnessInput([.. Enumerable.Range(0, f).Select(i => $"f{i}")], values, [.. codes], [.. counts], scored);
    }

    public static FairnessReport Evaluate(int[] y, int[] pred, string[] groups, bool intersections = false, double[]? scores = null) =>
        FairnessEvaluator.Evaluate(Input(y, pred, [groups], scores), new FairnessOptions { Intersections = intersections });
}
