using Parquet;
using Parquet.Schema;
using static Attest.Cli.Tests.Evaluation.CliRun;

namespace Attest.Cli.Tests.Evaluation;

public sealed class EvaluateParquetTests
{
    [Fact]
    public async Task I_can_evaluate_a_Parquet_log_and_get_the_same_numbers_as_from_CSV()
    {
        var ct = TestContext.Current.CancellationToken;
        var csv = TempFile("y,yhat,g,p\n1,1,a,0.9\n0,1,a,0.6\n1,0,b,0.3\n0,0,b,0.2\n1,1,b,0.8\n0,0,,0.1\n");
        var path = Path.Combine(Path.GetTempPath(), $"attest-{Guid.NewGuid():N}.parquet");
        var y = new DataField<int>("y");
        var yhat = new DataField<bool>("yhat");
        var g = new DataField<string>("g", nullable: true);
        var p = new DataField<double>("p");
        await using (var file = File.Create(path))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(y, yhat, g, p), file, cancellationToken: ct))
        using (var group = writer.CreateRowGroup())
        {
            await group.WriteAsync<int>(y, new[] { 1, 0, 1, 0, 1, 0 }.AsMemory(), cancellationToken: ct);
            await group.WriteAsync<bool>(yhat, new[] { true, true, false, false, true, false }.AsMemory(), cancellationToken: ct);
            await group.WriteAsync(g, new[] { "a", "a", "b", "b", "b", null });
            await group.WriteAsync<double>(p, new[] { 0.9, 0.6, 0.3, 0.2, 0.8, 0.1 }.AsMemory(), cancellationToken: ct);
        }
        string[] Args(string input) => ["evaluate", "fairness", "--input", input, "--label", "y", "--prediction", "yhat", "--score", "p", "--sensitive", "g", "--format", "json"];
        var fromCsv = await RunAsync(Args(csv));
        var fromParquet = await RunAsync(Args(path));
        fromParquet.ExitCode.ShouldBe(0, fromParquet.Error);
        fromParquet.Json.GetProperty("features").ToString().ShouldBe(fromCsv.Json.GetProperty("features").ToString());
        fromParquet.Json.GetProperty("features").GetProperty("g").GetProperty("by_group").GetProperty("(missing)").GetProperty("count").GetInt32().ShouldBe(1);
    }
}
