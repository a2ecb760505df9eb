using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests;

/// <summary>`attest systems incomplete`: the systems whose intake leaves questions that decide the class, with those questions.</summary>
public sealed class IncompleteClassificationsCommandTests
{
    [Fact]
    public async Task I_can_list_the_systems_whose_classification_waits_for_answers()
    {
        using var dir = new TempDirectory();
        await SeedAsync(dir.Path, ("helpdesk-bot", "Helpdesk bot", """{ "name": "Helpdesk bot", "eu_nexus": "unknown" }"""),
            ("minimal-tool", "Minimal tool", Complete));

        var json = await CliRun.RunAsync("systems", "incomplete", "--data", dir.Path, "--json");
        var table = await CliRun.RunAsync("systems", "incomplete", "--data", dir.Path);

        json.ExitCode.ShouldBe(0, json.Error);
        var listed = json.Json.AsArray().ShouldHaveSingleItem()!;
        listed["system_slug"]!.GetValue<string>().ShouldBe("helpdesk-bot");
        listed["intake_version"]!.GetValue<int>().ShouldBe(1);
        var missing = listed["missing"]!.AsArray();
        missing[0]!["key"]!.GetValue<string>().ShouldBe("operator_role");
        missing.Single(m => m!["key"]!.GetValue<string>() == "eu_nexus")!["state"]!.GetValue<string>().ShouldBe("unknown");
        table.ExitCode.ShouldBe(0, table.Error);
        table.Out.ShouldContain("helpdesk-bot");
        table.Out.ShouldContain("eu_nexus (unknown)");
        table.Out.ShouldContain("operator_role (not answered)");
        table.Out.ShouldNotContain("minimal-tool");
        table.Out.ShouldContain("1 system(s) with an incomplete classification");
    }

    private const string Complete = """
        { "name": "Minimal tool", "operator_role": "deployer", "eu_nexus": "yes", "exclusions": "none", "prohibited_practices": "none",
          "annex_i_product": "no", "annex_iii": "none", "profiling": "no",
          "transparency": { "interacts_with_natural_persons": "no", "generates_synthetic_content": "no",
            "emotion_recognition_or_biometric_categorisation": "no", "deep_fake": "no", "public_interest_text": "no" },
          "gpai": { "is_gpai_model": "no" }, "deployment": "internal", "autonomy": "human_in_the_loop", "personal_data": "none",
          "affected_people": 10, "uses_generative_ai": "no", "third_party_model": "no" }
        """;

    private static async Task SeedAsync(string path, params (string Slug, string Name, string Intake)[] systems)
    {
        var settings = DatabaseSettings.ForDataDirectory(path);
        await AttestDatabase.MigrateAsync(settings);
        await using (var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider())
        {
            await using var scope = services.CreateAsyncScope();
            var caller = CallerIdentity.LocalAdministrator("test");
            var ct = TestContext.Current.CancellationToken;
            foreach (var (slug, name, intake) in systems)
            {
                var registered = await scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
                {
                    Slug = slug,
                    Name = name,
                    Purpose = "Answers staff questions.",
                    BusinessOwner = "Dana Kim",
                    TechnicalOwner = "Lee Park",
                    BusinessUnit = "IT",
                    Jurisdictions = ["EU"],
                }, caller, ct);
                registered.IsOk.ShouldBeTrue(registered.Message);
                var answered = await scope.ServiceProvider.GetRequiredService<SubmitIntake>().ExecuteAsync(slug, intake, caller, ct);
                answered.IsOk.ShouldBeTrue(answered.Message);
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
