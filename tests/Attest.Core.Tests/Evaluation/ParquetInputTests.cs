using System.Globalization;
using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Fairness;
using Parquet;
using Parquet.Schema;
using static Attest.Core.Tests.Evaluation.ReferenceJson;

namespace Attest.Core.Tests.Evaluation;

public sealed class ParquetInputTests
{
    /// <summary>Writes synthetic.csv as Parquet (typed columns, race nullable with nulls for missing values), in two row groups.</summary>
    internal static async Task<string> SyntheticAsParquetAsync()
    {
        var lines = File.ReadAllLines(DataPath("synthetic.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"attest-synthetic-{Guid.NewGuid():N}.parquet");
        var id = new DataField<long>("id");
        var race = new DataField<string>("race", nullable: true);
        var sex = new DataField<string>("sex", nullable: false);
        var y = new DataField<long>("y");
        var yhat = new DataField<long>("yhat");
        var p = new DataField<double>("p");
        await using var file = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id, race, sex, y, yhat, p), file);
        foreach (var chunk in lines.Chunk(1700))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<long>(id, chunk.Select(r => long.Parse(r[0], CultureInfo.InvariantCulture)).ToArray().AsMemory());
            await group.WriteAsync(race, chunk.Select(r => r[1].Length == 0 ? null : r[1]).ToArray());
            await group.WriteAsync(sex, chunk.Select(r => r[2]).ToArray());
            await group.WriteAsync<long>(y, chunk.Select(r => long.Parse(r[3], CultureInfo.InvariantCulture)).ToArray().AsMemory());
            await group.WriteAsync<long>(yhat, chunk.Select(r => long.Parse(r[4], CultureInfo.InvariantCulture)).ToArray().AsMemory());
            await group.WriteAsync<double>(p, chunk.Select(r => double.Parse(r[5], CultureInfo.InvariantCulture)).ToArray().AsMemory());
        }
        return path;
    }

    [Fact]
    public async Task A_Parquet_log_gives_the_same_report_as_its_CSV()
    {
        var parquet = await SyntheticAsParquetAsync();
        var options = new PredictionLogOptions("y", "yhat", "p", ["race", "sex"]);
        FairnessReport Evaluate(string path)
        {
            using var stream = File.OpenRead(path);
            return FairnessEvaluator.Evaluate(PredictionLogReader.Read(stream, path, options), new FairnessOptions { Intersections = true });
        }
        var fromCsv = Evaluate(DataPath("synthetic.csv"));
        var fromParquet = Evaluate(parquet);
        fromParquet.N.ShouldBe(3000);
        fromParquet.Overall.ShouldBe(fromCsv.Overall);
        foreach (var (a, b) in fromCsv.Features.Zip(fromParquet.Features))
        {
            b.Name.ShouldBe(a.Name);
            b.Groups.Select(g => g.Key).ShouldBe(a.Groups.Select(g => g.Key));
            foreach (var (ga, gb) in a.Groups.Zip(b.Groups)) gb.Metrics.ShouldBe(ga.Metrics, $"{a.Name}/{ga.Key}");
            b.Disparities.ShouldBe(a.Disparities);
        }
    }

    [Fact]
    public async Task A_missing_Parquet_column_is_reported_like_a_CSV_one()
    {
        var parquet = await SyntheticAsParquetAsync();
        using var stream = File.OpenRead(parquet);
        var e = Should.Throw<EvaluationInputException>(() => PredictionLogReader.Read(stream, parquet, new PredictionLogOptions("y", "yhat", null, ["age"])));
        e.Message.ShouldBe($"{parquet}: no column 'age' for a sensitive feature (columns: id, race, sex, y, yhat, p)");
    }
}
