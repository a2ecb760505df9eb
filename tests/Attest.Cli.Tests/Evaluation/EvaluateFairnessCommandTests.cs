using System.Text;
using static Attest.Cli.Tests.Evaluation.CliRun;

namespace Attest.Cli.Tests.Evaluation;

public sealed class EvaluateFairnessCommandTests
{
    private static readonly string[] Base =
        ["evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "y", "--prediction", "yhat", "--score", "p", "--sensitive", "race,sex"];

    [Fact]
    public async Task I_can_get_the_documented_json_with_metrics_disparities_and_intersections()
    {
        var run = await RunAsync([.. Base, "--intersections", "--format", "json"]);
        run.ExitCode.ShouldBe(0, run.Error);
        var json = run.Json;
        json.GetProperty("n").GetInt32().ShouldBe(3000);
        foreach (var metric in new[] { "count", "base_rate", "selection_rate", "true_positive_rate", "false_positive_rate", "false_negative_rate",
                     "true_negative_rate", "accuracy", "precision", "recall", "f1", "balanced_accuracy", "roc_auc", "log_loss", "brier" })
            json.GetProperty("overall").TryGetProperty(metric, out _).ShouldBeTrue(metric);
        var features = json.GetProperty("features");
        features.GetProperty("race").GetProperty("by_group").GetProperty("(missing)").GetProperty("count").GetInt32().ShouldBeGreaterThan(0);
        var intersection = features.GetProperty("race&sex");
        intersection.GetProperty("by_group").TryGetProperty("white | F", out _).ShouldBeTrue();
        foreach (var name in new[] { "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference", "equalized_odds_ratio",
                     "equal_opportunity_difference", "equal_opportunity_ratio" })
        {
            intersection.GetProperty("disparities").TryGetProperty(name, out _).ShouldBeTrue(name);
            intersection.GetProperty("disparities").TryGetProperty(name + "_to_overall", out _).ShouldBeTrue(name + "_to_overall");
        }
        features.GetProperty("race").GetProperty("impact_ratios").GetProperty("basis").GetString().ShouldBe("highest_selection_rate");
    }

    [Fact]
    public async Task Bootstrap_adds_seeded_reproducible_intervals_per_group_and_disparity()
    {
        var first = await RunAsync([.. Base, "--bootstrap", "200", "--seed", "3", "--format", "json"]);
        var second = await RunAsync([.. Base, "--bootstrap", "200", "--seed", "3", "--format", "json"]);
        first.ExitCode.ShouldBe(0, first.Error);
        first.Out.ShouldBe(second.Out);
        var white = first.Json.GetProperty("features").GetProperty("race").GetProperty("by_group").GetProperty("white");
        var ci = white.GetProperty("ci").GetProperty("selection_rate");
        var rate = white.GetProperty("selection_rate").GetDouble();
        ci[0].GetDouble().ShouldBeLessThan(rate);
        ci[1].GetDouble().ShouldBeGreaterThan(rate);
        white.GetProperty("ci").TryGetProperty("roc_auc", out _).ShouldBeTrue();
        first.Json.GetProperty("features").GetProperty("race").GetProperty("disparities_ci").TryGetProperty("demographic_parity_ratio", out _).ShouldBeTrue();
        first.Json.GetProperty("features").GetProperty("race").GetProperty("impact_ratios").GetProperty("ci").GetProperty("black").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task A_failing_policy_rule_exits_1_and_a_passing_policy_exits_0()
    {
        var failing = TempFile("rules:\n  - id: dp\n    metric: demographic_parity_ratio\n    feature: race\n    comparator: \">=\"\n    threshold: 0.99\n", ".yaml");
        var passing = TempFile("rules:\n  - metric: accuracy\n    comparator: \">\"\n    threshold: 0.5\n  - metric: selection_rate\n    feature: race\n    comparator: \">=\"\n    threshold: 0\n    min_n: 100\n", ".yaml");
        var fail = await RunAsync([.. Base, "--policy", failing, "--format", "json"]);
        fail.ExitCode.ShouldBe(1, fail.Error);
        fail.Json.GetProperty("policy").GetProperty("passed").GetBoolean().ShouldBeFalse();
        var pass = await RunAsync([.. Base, "--policy", passing, "--format", "json"]);
        pass.ExitCode.ShouldBe(0, pass.Error);
        var rules = pass.Json.GetProperty("policy").GetProperty("rules");
        // race groups below 100 rows (other, (missing)) are reported, not judged
        rules.EnumerateArray().Count(r => r.GetProperty("status").GetString() == "insufficient_data").ShouldBe(2);
    }

    [Fact]
    public async Task Markdown_and_html_reports_carry_tables_and_inline_svg_charts()
    {
        var md = await RunAsync([.. Base, "--format", "md"]);
        md.Out.ShouldContain("| disparity | value | interval |");
        var htmlPath = Path.Combine(Path.GetTempPath(), $"attest-{Guid.NewGuid():N}.html");
        var html = await RunAsync([.. Base, "--bootstrap", "50", "--output", htmlPath]);
        html.ExitCode.ShouldBe(0, html.Error);
        var text = await File.ReadAllTextAsync(htmlPath, TestContext.Current.CancellationToken);
        text.ShouldStartWith("<!doctype html>");
        text.ShouldContain("<svg");
        text.ShouldContain("calibration by race");
        text.ShouldNotContain("<script");
        html.Out.ShouldContain("Overall");
    }

    [Fact]
    public async Task The_terminal_summary_is_a_table_when_no_format_is_given()
    {
        var run = await RunAsync(Base);
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("demographic_parity_ratio");
        run.Out.ShouldNotContain("{");
    }

    [Theory]
    [InlineData("y,yhat,g\n1,1,a\n0,0\n", "row 2 (line 3): 2 fields, expected 3")]
    [InlineData("y,yhat,g\n1,1,a\n2,0,b\n", "row 2 (line 3), column 'y': label '2' is not 1/0")]
    [InlineData("", "the file is empty")]
    [InlineData("y,yhat,g\n", "has a header but no data rows")]
    [InlineData("y,yhat,h\n1,1,a\n", "no column 'g' for a sensitive feature")]
    public async Task Bad_input_exits_2_with_one_line_naming_file_row_and_column(string csv, string expected)
    {
        var path = TempFile(csv);
        var run = await RunAsync("evaluate", "fairness", "--input", path, "--label", "y", "--prediction", "yhat", "--sensitive", "g", "--format", "json");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(path);
        run.Error.ShouldContain(expected);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Theory]
    [InlineData("y,yhat,g,p\n1,1,a,0.5\n0,0,a,high\n", "row 2 (line 3), column 'p': score 'high' is not a number")]
    [InlineData("y,yhat,g,p\n1,1,a,0.5\n0,0,a,1.5\n", "score 1.5 is outside [0, 1]")]
    public async Task Bad_scores_exit_2(string csv, string expected)
    {
        var run = await RunAsync("evaluate", "fairness", "--input", TempFile(csv), "--label", "y", "--prediction", "yhat", "--score", "p", "--sensitive", "g");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(expected);
    }

    [Fact]
    public async Task Invalid_utf8_exits_2_naming_the_line()
    {
        var bytes = Encoding.UTF8.GetBytes("y,yhat,g\n1,1,a\n0,0,").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();
        var run = await RunAsync("evaluate", "fairness", "--input", TempFile(bytes), "--label", "y", "--prediction", "yhat", "--sensitive", "g");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("line 3: not valid UTF-8");
    }

    [Fact]
    public async Task More_than_two_classes_work_with_a_positive_label()
    {
        var path = TempFile("y,yhat,g\nhigh,high,a\nlow,mid,a\nmid,high,b\nhigh,low,b\n");
        var run = await RunAsync("evaluate", "fairness", "--input", path, "--label", "y", "--prediction", "yhat", "--sensitive", "g", "--positive-label", "high", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        // a: (high,high) TP, (low,mid) TN → selection 1/2; b: (mid,high) FP, (high,low) FN → selection 1/2
        run.Json.GetProperty("overall").GetProperty("selection_rate").GetDouble().ShouldBe(0.5);
        run.Json.GetProperty("overall").GetProperty("true_positive_rate").GetDouble().ShouldBe(0.5);
    }

    [Fact]
    public async Task Semicolons_quotes_embedded_newlines_crlf_and_a_bom_read_the_same_as_plain_csv()
    {
        var plain = TempFile("y,yhat,g\n1,1,a b\n0,1,\"c,d\"\n1,0,a b\n");
        var fancy = TempFile(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("\"y\";yhat;g\r\n1;1;\"a b\"\r\n0;1;c,d\r\n1;\"0\";a b\r\n")).ToArray());
        var a = await RunAsync("evaluate", "fairness", "--input", plain, "--label", "y", "--prediction", "yhat", "--sensitive", "g", "--format", "json");
        var b = await RunAsync("evaluate", "fairness", "--input", fancy, "--label", "y", "--prediction", "yhat", "--sensitive", "g", "--format", "json");
        a.ExitCode.ShouldBe(0, a.Error);
        b.ExitCode.ShouldBe(0, b.Error);
        b.Json.GetProperty("features").ToString().ShouldBe(a.Json.GetProperty("features").ToString());
        var multiline = TempFile("y,yhat,g\n1,1,\"line one\nline \"\"two\"\"\"\n0,0,x\n");
        var c = await RunAsync("evaluate", "fairness", "--input", multiline, "--label", "y", "--prediction", "yhat", "--sensitive", "g", "--format", "json");
        c.ExitCode.ShouldBe(0, c.Error);
        c.Json.GetProperty("features").GetProperty("g").GetProperty("by_group").TryGetProperty("line one\nline \"two\"", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Sensitive_features_can_be_repeated_instead_of_comma_separated()
    {
        var repeated = await RunAsync("evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "y", "--prediction", "yhat",
            "--sensitive", "race", "--sensitive", "sex", "--intersections", "--format", "json");
        var comma = await RunAsync("evaluate", "fairness", "--input", Data("synthetic.csv"), "--label", "y", "--prediction", "yhat",
            "--sensitive", "race,sex", "--intersections", "--format", "json");
        repeated.ExitCode.ShouldBe(0, repeated.Error);
        repeated.Json.GetProperty("features").ToString().ShouldBe(comma.Json.GetProperty("features").ToString());
        repeated.Json.GetProperty("features").TryGetProperty("race&sex", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_reference_group_exits_2()
    {
        var run = await RunAsync([.. Base, "--reference-group", "race=martian", "--format", "json"]);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("reference group 'martian' is not a group of 'race'");
    }
}
