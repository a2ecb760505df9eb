using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

/// <summary>`attest kpis` on a local database with the demo: every KPI as a table or JSON; bad input is one line and exit 2.</summary>
public sealed class KpisCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task I_can_read_every_kpi_as_json_with_its_counts_and_as_a_table()
    {
        var json = await CliRun.RunAsync("kpis", "--data", data.Path, "--json");
        json.ExitCode.ShouldBe(0, json.Error);
        var report = JsonNode.Parse(json.Out)!;
        var kpis = report["kpis"]!.AsArray();
        kpis.Count.ShouldBe(17);
        var coverage = kpis.Single(k => k!["id"]!.GetValue<string>() == "rai_coverage")!;
        coverage["denominator"]!.GetValue<double>().ShouldBeGreaterThan(0);
        coverage["denominator_systems"]!.AsArray().Count.ShouldBe((int)coverage["denominator"]!.GetValue<double>());
        kpis.Single(k => k!["id"]!.GetValue<string>() == "training_completion")!["value"]!.GetValue<double>().ShouldBe(66.7, "the demo's training records");

        var high = JsonNode.Parse((await CliRun.RunAsync("kpis", "--data", data.Path, "--json", "--tier", "high")).Out)!;
        high["tier"]!.GetValue<string>().ShouldBe("high");

        var text = await CliRun.RunAsync("kpis", "--data", data.Path);
        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldContain("rai_coverage");
        text.Out.ShouldContain("not measured");
    }

    [Theory]
    [InlineData("--as-of", "2999-01-01", "attest: --as-of: 2999-01-01 is in the future")]
    [InlineData("--as-of", "someday", "attest: --as-of: \"someday\" is not a date")]
    [InlineData("--tier", "huge", "attest: --tier: must be one of")]
    public async Task Bad_input_is_one_line_and_exit_2(string option, string value, string expected)
    {
        var run = await CliRun.RunAsync("kpis", "--data", data.Path, option, value);
        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldStartWith(expected);
    }

    [Fact]
    public async Task I_can_read_a_kpis_daily_series_and_bad_input_is_one_line_and_exit_2()
    {
        var json = await CliRun.RunAsync("kpis", "series", "rai_coverage", "--data", data.Path, "--json", "--from", "2026-01-01", "--to", "2026-01-31");
        json.ExitCode.ShouldBe(0, json.Error);
        var series = JsonNode.Parse(json.Out)!;
        (series["id"]!.GetValue<string>(), series["from"]!.GetValue<string>(), series["to"]!.GetValue<string>()).ShouldBe(("rai_coverage", "2026-01-01", "2026-01-31"));
        series["points"]!.AsArray().ShouldNotBeNull();
        var text = await CliRun.RunAsync("kpis", "series", "rai_coverage", "--data", data.Path);
        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldContain("rai_coverage");

        var unknown = await CliRun.RunAsync("kpis", "series", "happiness", "--data", data.Path);
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.Trim().ShouldStartWith("attest: No KPI \"happiness\"");
        var bad = await CliRun.RunAsync("kpis", "series", "rai_coverage", "--data", data.Path, "--from", "soon");
        bad.ExitCode.ShouldBe(2);
        bad.Error.Trim().ShouldStartWith("attest: --from: \"soon\" is not a day");
    }
}
