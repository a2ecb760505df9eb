using System.Text.Json.Nodes;
using Attest.Core.Features.Incidents;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests.Incidents;

/// <summary>`attest incidents list|show` on a local database: the deadlines an incident handler works to, in a terminal or as JSON.</summary>
public sealed class IncidentsCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> ReportAsync(string title, SeriousHarm? serious = null)
    {
        var settings = Core.Data.DatabaseSettings.ForDataDirectory(data.Path);
        await using var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var reported = await scope.ServiceProvider.GetRequiredService<ReportIncident>().ExecuteAsync("credit-scoring", new IncidentInput
        {
            Title = title,
            Severity = IncidentSeverity.Severe,
            Category = "bias_regression",
            Serious = serious,
        }, CallerIdentity.Attest, Ct);
        reported.IsOk.ShouldBeTrue(reported.Message);
        return reported.Value!.Id;
    }

    [Fact]
    public async Task I_can_list_the_open_incidents_and_show_one_with_its_legal_deadlines()
    {
        var id = await ReportAsync("Declines for applicants aged 18-24 doubled", SeriousHarm.FundamentalRights);

        var list = await CliRun.RunAsync("incidents", "list", "--data", data.Path);
        list.ExitCode.ShouldBe(0, list.Error);
        list.Out.ShouldContain(id);
        list.Out.ShouldContain("credit-scoring");
        list.Out.ShouldContain("h left");

        var json = await CliRun.RunAsync("incidents", "list", "--data", data.Path, "--json");
        json.ExitCode.ShouldBe(0, json.Error);
        var row = JsonNode.Parse(json.Out)!.AsArray().Single(r => r!["incident"]!["id"]!.GetValue<string>() == id)!;
        row["system_slug"]!.GetValue<string>().ShouldBe("credit-scoring");
        row["next_deadline"]!["regime"]!.GetValue<string>().ShouldBe("internal", "triage within 24 h comes first");

        var show = await CliRun.RunAsync("incidents", "show", id, "--data", data.Path, "--json");
        show.ExitCode.ShouldBe(0, show.Error);
        var regimes = JsonNode.Parse(show.Out)!["deadlines"]!.AsArray().Select(d => d!["regime"]!.GetValue<string>()).ToList();
        regimes.ShouldContain("eu_ai_act_art73", "credit scoring is high-risk and the incident is serious");
        var text = await CliRun.RunAsync("incidents", "show", id, "--data", data.Path);
        text.ExitCode.ShouldBe(0, text.Error);
        text.Out.ShouldContain("Art 73");
    }

    [Fact]
    public async Task An_unknown_incident_is_one_line_and_exit_2()
    {
        var run = await CliRun.RunAsync("incidents", "show", "inc_nope", "--data", data.Path);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe("attest: No incident 'inc_nope'.");
    }
}
