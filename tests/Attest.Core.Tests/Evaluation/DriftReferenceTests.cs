using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Drift;
using static Attest.Core.Tests.Evaluation.ReferenceJson;

namespace Attest.Core.Tests.Evaluation;

/// <summary>
/// Drift against Evidently 0.7.21's stat tests run from source (reference harness, drift section).
/// Expected values: Evaluation/Data/drift_{small,large}.reference.json (commands in Data/README.md).
/// </summary>
public sealed class DriftReferenceTests
{
    private static readonly string[] Columns =
        ["income", "age", "rating", "score", "region", "children", "flag", "constant", "income_gappy", "stable_num", "stable_cat", "stable_flag"];

    private static DriftReport Evaluate(string size)
    {
        var table = DriftTableReader.Read(
            () => File.OpenRead(DataPath($"drift_{size}_reference.csv")), "reference",
            () => File.OpenRead(DataPath($"drift_{size}_current.csv")), "current", Columns, null);
        return DriftEvaluator.Evaluate(table.Columns);
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void Default_test_choice_score_and_verdict_equal_Evidently(string size)
    {
        var report = Evaluate(size);
        var expected = Load($"drift_{size}.reference.json").GetProperty("drift").GetProperty("columns");
        report.Columns.Count.ShouldBe(Columns.Length);
        foreach (var column in report.Columns)
        {
            var e = expected.GetProperty(column.Name);
            (column.Type == DriftColumnType.Numerical ? "num" : "cat").ShouldBe(e.GetProperty("type_used").GetString(), $"{column.Name} type");
            column.ReferenceCount.ShouldBe(e.GetProperty("n_ref").GetInt32(), $"{column.Name} n_ref");
            column.CurrentCount.ShouldBe(e.GetProperty("n_cur").GetInt32(), $"{column.Name} n_cur");
            column.UniqueValues.ShouldBe(e.GetProperty("n_unique_ref_plus_cur").GetInt32(), $"{column.Name} n_unique");
            var test = e.GetProperty("evidently_default_test");
            column.Test.ShouldBe(test.GetProperty("name").GetString(), $"{column.Name} test");
            ShouldMatch(column.DriftScore, test.GetProperty("score"), $"{column.Name} {column.Test} score");
            column.Drifted.ShouldBe(test.GetProperty("drifted").GetBoolean(), $"{column.Name} drifted");
            ShouldMatch(column.Threshold, test.GetProperty("threshold"), $"{column.Name} threshold");
        }
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void Psi_with_Evidently_binning_and_floor_equals_Evidently(string size)
    {
        var report = Evaluate(size);
        var expected = Load($"drift_{size}.reference.json").GetProperty("drift").GetProperty("columns");
        foreach (var column in report.Columns)
        {
            var e = expected.GetProperty(column.Name);
            ShouldMatch(column.Psi, e.GetProperty("evidently_tests").GetProperty("psi").GetProperty("score"), $"{column.Name} psi");
            column.Histogram!.Labels.Count.ShouldBe(e.GetProperty("evidently_binning").GetProperty("n_bins").GetInt32(), $"{column.Name} bins");
        }
    }

    [Theory]
    [InlineData("small")]
    [InlineData("large")]
    public void Booleans_integers_with_gaps_and_free_text_are_typed_as_Evidently_does(string size)
    {
        string[] columns = ["is_member", "kids_gappy", "zip", "grade", "amount", "tiny"];
        var table = DriftTableReader.Read(
            () => File.OpenRead(DataPath($"drift_typed_{size}_reference.csv")), "reference",
            () => File.OpenRead(DataPath($"drift_typed_{size}_current.csv")), "current", columns, null);
        // zip: more distinct values than half the rows → text, which the reference harness skips ("type not handled")
        table.SkippedTextColumns.ShouldBe(["zip"]);
        var report = DriftEvaluator.Evaluate(table.Columns);
        var expected = Load($"drift_typed_{size}.reference.json").GetProperty("drift").GetProperty("columns");
        expected.GetProperty("zip").GetProperty("skipped").GetString().ShouldBe("type not handled");
        foreach (var column in report.Columns)
        {
            var e = expected.GetProperty(column.Name);
            (column.Type == DriftColumnType.Numerical ? "num" : "cat").ShouldBe(e.GetProperty("type_used").GetString(), $"{column.Name} type");
            var test = e.GetProperty("evidently_default_test");
            column.Test.ShouldBe(test.GetProperty("name").GetString(), $"{column.Name} test");
            ShouldMatch(column.DriftScore, test.GetProperty("score"), $"{column.Name} score");
            column.Drifted.ShouldBe(test.GetProperty("drifted").GetBoolean(), $"{column.Name} drifted");
            ShouldMatch(column.Psi, e.GetProperty("evidently_tests").GetProperty("psi").GetProperty("score"), $"{column.Name} psi");
            column.ReferenceCount.ShouldBe(e.GetProperty("n_ref").GetInt32(), $"{column.Name} n_ref");
        }
    }

    [Fact]
    public void Dataset_drift_follows_the_share_of_drifted_columns()
    {
        var report = Evaluate("large");
        // large: 12 columns, of which flag, constant and the three stable_* columns do not drift (reference JSON)
        report.DriftedColumns.ShouldBe(7);
        report.ShareDrifted.ShouldBe(7.0 / 12);
        report.DatasetDrift.ShouldBeTrue();
    }
}
