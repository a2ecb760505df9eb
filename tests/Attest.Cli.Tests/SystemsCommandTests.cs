using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

public sealed class SystemsCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task I_can_list_the_inventory_as_JSON()
    {
        var run = await CliRun.RunAsync("systems", "list", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(0, run.Error);
        var json = JsonNode.Parse(run.Out)!;
        json["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(12);
        var credit = json["items"]!.AsArray().Single(i => i!["slug"]!.GetValue<string>() == "credit-scoring")!;
        credit["id"]!.GetValue<string>().ShouldStartWith("sys_");
        credit["name"]!.GetValue<string>().ShouldBe("Consumer credit scoring");
        credit["stage"]!.GetValue<string>().ShouldBe("deployed");
    }

    [Fact]
    public async Task I_can_filter_the_list_and_read_it_as_a_table()
    {
        var run = await CliRun.RunAsync("systems", "list", "--data", data.Path, "--stage", "proposed");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("call-centre-emotion-analysis");
        run.Out.ShouldNotContain("credit-scoring");
        run.Out.ShouldContain("2 system(s)");
    }

    [Fact]
    public async Task I_can_read_where_a_system_stands_as_the_standing_API_gives_it()
    {
        var json = await CliRun.RunAsync("systems", "standing", "credit-scoring", "--data", data.Path, "--json");
        var table = await CliRun.RunAsync("systems", "standing", "credit-scoring", "--data", data.Path);

        json.ExitCode.ShouldBe(0, json.Error);
        var standing = JsonNode.Parse(json.Out)!;
        standing["classification"]!.GetValue<string>().ShouldBe("classified");
        standing["eu_ai_act_class"]!.GetValue<string>().ShouldBe("high_risk");
        standing["tier"]!.GetValue<string>().ShouldBe("critical");
        standing["gate"]!["decision"]!.GetValue<string>().ShouldBe("no_go");
        var waived = standing["controls"]!.AsArray().Single(c => c!["control_id"]!.GetValue<string>() == "ATT-OVS-02")!;
        waived["waiver_expired"]!.GetValue<bool>().ShouldBeTrue();
        waived["met"]!.GetValue<bool>().ShouldBeFalse();
        table.ExitCode.ShouldBe(0, table.Error);
        table.Out.ShouldContain("high_risk, tier critical");
    }

    [Fact]
    public async Task I_can_show_one_system_with_its_models_and_deployments()
    {
        var json = await CliRun.RunAsync("systems", "show", "credit-scoring", "--data", data.Path, "--json");
        var table = await CliRun.RunAsync("systems", "show", "credit-scoring", "--data", data.Path);

        json.ExitCode.ShouldBe(0, json.Error);
        var system = JsonNode.Parse(json.Out)!;
        system["slug"]!.GetValue<string>().ShouldBe("credit-scoring");
        system["models"]!.AsArray().Count.ShouldBeGreaterThan(0);
        system["deployments"]!.AsArray().Count.ShouldBeGreaterThan(0);
        table.ExitCode.ShouldBe(0, table.Error);
        table.Out.ShouldContain("credit-pd-gbm@3.1.0");
    }

    [Theory]
    [InlineData("systems", "show", "no-such-system")]
    [InlineData("systems", "list", "--stage", "launched")]
    [InlineData("systems", "list", "--no-such-flag")]
    public async Task Bad_input_exits_2_with_one_line(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--data", data.Path]);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldStartWith("attest: ");
    }

    [Fact]
    public async Task A_directory_without_a_database_is_bad_input_not_a_new_empty_inventory()
    {
        var empty = Path.Combine(Path.GetTempPath(), "attest-empty-" + Guid.NewGuid().ToString("N"));

        var run = await CliRun.RunAsync("systems", "list", "--data", empty);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("no Attest database");
        Directory.Exists(empty).ShouldBeFalse();
    }
}
