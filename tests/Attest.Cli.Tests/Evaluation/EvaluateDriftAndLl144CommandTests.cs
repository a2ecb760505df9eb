using static Attest.Cli.Tests.Evaluation.CliRun;

namespace Attest.Cli.Tests.Evaluation;

public sealed class EvaluateDriftAndLl144CommandTests
{
    [Fact]
    public async Task I_can_get_drift_per_column_with_share_drifted_and_dataset_drift()
    {
        var run = await RunAsync("evaluate", "drift", "--reference", Data("drift_large_reference.csv"), "--current", Data("drift_large_current.csv"),
            "--columns", "income,region,flag", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        var columns = run.Json.GetProperty("columns");
        var income = columns.GetProperty("income");
        income.GetProperty("type").GetString().ShouldBe("numerical");
        income.GetProperty("test").GetString().ShouldBe("wasserstein");
        income.GetProperty("drifted").GetBoolean().ShouldBeTrue();
        foreach (var key in new[] { "statistic", "p_value", "threshold", "psi" }) income.TryGetProperty(key, out _).ShouldBeTrue(key);
        columns.GetProperty("region").GetProperty("test").GetString().ShouldBe("jensenshannon");
        columns.GetProperty("flag").GetProperty("drifted").GetBoolean().ShouldBeFalse();
        run.Json.GetProperty("share_drifted").GetDouble().ShouldBe(2.0 / 3, 1e-12);
        run.Json.GetProperty("dataset_drift").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Drift_html_has_a_histogram_per_column()
    {
        var run = await RunAsync("evaluate", "drift", "--reference", Data("drift_small_reference.csv"), "--current", Data("drift_small_current.csv"), "--format", "html");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.Split("<svg").Length.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task A_missing_drift_column_exits_2()
    {
        var run = await RunAsync("evaluate", "drift", "--reference", Data("drift_small_reference.csv"), "--current", Data("drift_small_current.csv"), "--columns", "salary");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("no column 'salary'");
    }

    [Fact]
    public async Task Ll144_selection_audit_reports_rates_impact_ratios_small_categories_and_unknowns()
    {
        // F/White 3 of 4 selected, F/Black 1 of 4, M/White 2 of 4, M/Black 2 of 4, one row with unknown race
        var csv = "sex,race,selected\n" +
                  "F,White,1\nF,White,1\nF,White,1\nF,White,0\n" +
                  "F,Black,1\nF,Black,0\nF,Black,0\nF,Black,0\n" +
                  "M,White,1\nM,White,1\nM,White,0\nM,White,0\n" +
                  "M,Black,1\nM,Black,1\nM,Black,0\nM,Black,0\n" +
                  "M,,1\n";
        var run = await RunAsync("evaluate", "ll144", "--input", TempFile(csv), "--selected", "selected", "--sex", "sex", "--race", "race", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        var b = run.Json.GetProperty("breakdowns");
        var race = b.GetProperty("race");
        race.GetProperty("unknown_count").GetInt32().ShouldBe(1);
        race.GetProperty("categories").GetProperty("White").GetProperty("selection_rate").GetDouble().ShouldBe(5.0 / 8);
        race.GetProperty("categories").GetProperty("Black").GetProperty("impact_ratio").GetDouble().ShouldBe(3.0 / 8 / (5.0 / 8), 1e-15);
        var sex = b.GetProperty("sex");
        sex.GetProperty("unknown_count").GetInt32().ShouldBe(0);
        sex.GetProperty("categories").GetProperty("M").GetProperty("selection_rate").GetDouble().ShouldBe(5.0 / 9);
        var both = b.GetProperty("sex&race");
        both.GetProperty("unknown_count").GetInt32().ShouldBe(1);
        both.GetProperty("highest_rate_category").GetString().ShouldBe("F | White");
        both.GetProperty("categories").GetProperty("F | Black").GetProperty("impact_ratio").GetDouble().ShouldBe(0.25 / 0.75, 1e-15);
    }

    [Fact]
    public async Task Ll144_scoring_audit_uses_strictly_above_the_sample_median()
    {
        // scores 1..6: median 3.5; above: 4, 5, 6. F has 1, 4, 5 → 2/3; M has 2, 3, 6 → 1/3
        var csv = "sex,race,score\nF,A,1\nM,A,2\nM,A,3\nF,A,4\nF,A,5\nM,A,6\n";
        var run = await RunAsync("evaluate", "ll144", "--input", TempFile(csv), "--score", "score", "--sex", "sex", "--race", "race", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Json.GetProperty("median_score").GetDouble().ShouldBe(3.5);
        var sex = run.Json.GetProperty("breakdowns").GetProperty("sex").GetProperty("categories");
        sex.GetProperty("F").GetProperty("scoring_rate").GetDouble().ShouldBe(2.0 / 3);
        sex.GetProperty("M").GetProperty("impact_ratio").GetDouble().ShouldBe(0.5, 1e-15);
    }

    [Fact]
    public async Task Ll144_flags_categories_under_two_percent_without_dropping_them()
    {
        var rows = string.Concat(Enumerable.Range(0, 99).Select(i => $"F,White,{i % 2}\n")) + "F,Asian,1\n";
        var run = await RunAsync("evaluate", "ll144", "--input", TempFile("sex,race,selected\n" + rows), "--selected", "selected", "--sex", "sex", "--race", "race", "--format", "json");
        var asian = run.Json.GetProperty("breakdowns").GetProperty("race").GetProperty("categories").GetProperty("Asian");
        asian.GetProperty("under_2_percent").GetBoolean().ShouldBeTrue();
        asian.GetProperty("impact_ratio").GetDouble().ShouldBe(1.0);
        asian.GetProperty("impact_ratio_excluding_small").GetString().ShouldBe("NaN");
        run.Json.GetProperty("breakdowns").GetProperty("race").GetProperty("categories").GetProperty("White").GetProperty("impact_ratio_excluding_small").GetDouble().ShouldBe(1.0);
    }

    [Fact]
    public async Task Ll144_needs_exactly_one_of_selected_or_score()
    {
        var run = await RunAsync("evaluate", "ll144", "--input", TempFile("sex,race,s\nF,A,1\n"), "--sex", "sex", "--race", "race");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("exactly one of --selected");
    }
}
