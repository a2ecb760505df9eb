using System.Globalization;
using Attest.Engine.Evaluation.Fairness;

namespace Attest.Evaluation.Input;

/// <summary>
/// Streams a CSV prediction log into <see cref="FairnessInput"/>: confusion counts per combination of
/// sensitive values (constant memory), plus score/label/cell per row only when a score column is given.
/// </summary>
public static class PredictionLogReader
{
    public const int MaxSensitiveFeatures = 4;
    private const int ChunkSize = 1 << 20;

    public static FairnessInput Read(Stream stream, string fileName, PredictionLogOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Sensitive.Count is 0 or > MaxSensitiveFeatures)
            throw new EvaluationInputException($"give 1 to {MaxSensitiveFeatures} sensitive columns (got {options.Sensitive.Count})");

        using var reader = TableSources.Open(stream, fileName, options.Delimiter);
        var labelColumn = TableSources.Require(reader, options.Label, "the label");
        var predictionColumn = TableSources.Require(reader, options.Prediction, "the prediction");
        var scoreColumn = options.Score is null ? -1 : TableSources.Require(reader, options.Score, "the score");
        var f = options.Sensitive.Count;
        var sensitiveColumns = new int[f];
        var interners = new ValueInterner[f];
        for (var i = 0; i < f; i++)
        {
            sensitiveColumns[i] = TableSources.Require(reader, options.Sensitive[i], "a sensitive feature");
            interners[i] = new ValueInterner();
        }

        var binary = new BinaryValue(options.PositiveLabel);
        var cellOfKey = new Dictionary<long, int>();
        // Fast path for the usual case (≤ 3 features, < 64 values each): a flat table instead of hashing.
        var smallTable = f <= 3 ? new int[1 << (6 * f)] : null;
        if (smallTable is not null) Array.Fill(smallTable, -1);
        var cellCodes = new List<int>();
        var counts = new long[64];
        var scoreChunks = new List<(double[] Scores, int[] Cells)>();
        double[]? scoreChunk = null;
        int[]? cellChunk = null;
        var inChunk = 0;
        long rows = 0;
        Span<int> codes = stackalloc int[MaxSensitiveFeatures];

        while (reader.Read())
        {
            var label = ReadBinary(reader, binary, labelColumn, options.Label, "label");
            var prediction = ReadBinary(reader, binary, predictionColumn, options.Prediction, "prediction");
            long key = 0;
            var small = smallTable is not null ? 0 : -1;
            for (var i = 0; i < f; i++)
            {
                var field = reader.Field(sensitiveColumns[i]);
                var code = MissingValues.IsMissing(field) ? interners[i].Intern(MissingValues.GroupName) : interners[i].Intern(field);
                if (code > ushort.MaxValue)
                    throw new EvaluationInputException($"{reader.Locate(options.Sensitive[i])}: more than {ushort.MaxValue} distinct values; is this really a sensitive feature?");
                codes[i] = code;
                key = (key << 16) | (uint)code;
                if (small >= 0) small = code < 64 ? (small << 6) | code : -1;
            }
            var cell = small >= 0 ? smallTable![small] : -1;
            if (cell < 0 && !cellOfKey.TryGetValue(key, out cell))
            {
                cell = cellOfKey.Count;
                cellOfKey[key] = cell;
                for (var i = 0; i < f; i++) cellCodes.Add(codes[i]);
                if (counts.Length < (cell + 1) * 4) Array.Resize(ref counts, counts.Length * 2);
            }
            if (small >= 0) smallTable![small] = cell;
            counts[cell * 4 + ConfusionCounts.CellIndex(label, prediction)]++;

            if (scoreColumn >= 0)
            {
                var score = ReadScore(reader, scoreColumn, options.Score!);
                if (scoreChunk is null || inChunk == ChunkSize)
                {
                    scoreChunk = new double[ChunkSize];
                    cellChunk = new int[ChunkSize];
                    scoreChunks.Add((scoreChunk, cellChunk));
                    inChunk = 0;
                }
                scoreChunk[inChunk] = score;
                cellChunk![inChunk] = ScoredRows.Pack(cell, label);
                inChunk++;
            }
            rows++;
            if (progress is not null && (rows & 0xFFFF) == 0)
                progress.Report(reader.Progress);
        }
        if (rows == 0)
            throw new EvaluationInputException($"{fileName}: has a header but no data rows");

        ScoredRows? scored = null;
        if (scoreColumn >= 0)
        {
            var all = new double[rows];
            var cells = new int[rows];
            var at = 0;
            for (var c = 0; c < scoreChunks.Count; c++)
            {
                var take = (int)Math.Min(ChunkSize, rows - at);
                Array.Copy(scoreChunks[c].Scores, 0, all, at, take);
                Array.Copy(scoreChunks[c].Cells, 0, cells, at, take);
                scoreChunks[c] = default;
                at += take;
            }
            scored = new ScoredRows(all, cells, (int)rows);
        }

        var names = options.Sensitive.ToArray();
        var values = interners.Select(i => i.Values).ToArray();
        return new FairnessInput(names, values, [.. cellCodes], counts[..(cellOfKey.Count * 4)], scored);
    }

    private static bool ReadBinary(ITableSource reader, BinaryValue binary, int column, string name, string role)
    {
        var field = reader.Field(column);
        if (MissingValues.IsMissing(field))
            throw new EvaluationInputException($"{reader.Locate(name)}: the {role} is missing");
        return binary.Read(field) ?? throw new EvaluationInputException(
            $"{reader.Locate(name)}: {role} '{reader.FieldText(column)}' is not 1/0, true/false or yes/no; " +
            "pass --positive-label to name the positive class (more than two classes need it)");
    }

    private static double ReadScore(ITableSource reader, int column, string name)
    {
        var field = reader.Field(column);
        if (!FastNumber.TryParse(field, out var score) || double.IsNaN(score))
            throw new EvaluationInputException($"{reader.Locate(name)}: score '{reader.FieldText(column)}' is not a number");
        if (score is < 0 or > 1)
            throw new EvaluationInputException($"{reader.Locate(name)}: score {reader.FieldText(column)} is outside [0, 1] (log loss and Brier need probabilities)");
        return score;
    }
}
