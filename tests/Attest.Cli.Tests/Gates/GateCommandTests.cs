using System.Text.Json.Nodes;
using System.Xml.Linq;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Hosting;
using Attest.Engine.Controls;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests.Gates;

public sealed class GateCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task Gate_of_a_classified_high_risk_system_without_evidence_is_no_go_with_every_unmet_requirement()
    {
        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--stage", "pre_launch", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        var json = run.Json;
        json["decision"]!.GetValue<string>().ShouldBe("no_go");
        json["stage"]!.GetValue<string>().ShouldBe("pre_launch");
        // Its intake (data/demo/intakes/credit-scoring.yaml) makes it high-risk, raised to critical by its risk factors.
        json["tier"]!.GetValue<string>().ShouldBe("critical");
        var unmet = json["unmet"]!.AsArray();
        unmet.Count.ShouldBeGreaterThan(10);
        // The shape outside checks rely on: requirement, reason, control, frameworks.
        var first = unmet[0]!;
        first["requirement"]!.GetValue<string>().ShouldStartWith("control:ATT-");
        first["reason"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        first["control"]!.GetValue<string>().ShouldStartWith("ATT-");
        first["frameworks"]!.AsArray().Count.ShouldBeGreaterThan(0);
        var ids = unmet.Select(u => u!["requirement"]!.GetValue<string>()).ToList();
        ids.ShouldContain("evaluation:impact-ratio:age_band=18-24");
        ids.ShouldContain("sign_off:legal");
        ids.ShouldContain("sign_off:fairness");
    }

    [Fact]
    public async Task Gate_writes_JUnit_with_one_test_case_per_requirement_and_SARIF_2_1_0()
    {
        using var dir = new TempDirectory();
        var junit = dir.File("gate.xml");
        var sarif = dir.File("gate.sarif");
        var json = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--json");
        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--junit", junit, "--sarif", sarif);

        run.ExitCode.ShouldBe(1, run.Error);
        run.Out.ShouldContain("NO-GO");
        var requirements = json.Json["requirements"]!.AsArray();
        var unmet = json.Json["unmet"]!.AsArray();

        var xml = XDocument.Load(junit);
        var suites = xml.Root!;
        suites.Name.LocalName.ShouldBe("testsuites");
        var suite = suites.Elements("testsuite").ShouldHaveSingleItem();
        suite.Attribute("name")!.Value.ShouldBe("attest gate pre_launch credit-scoring");
        suite.Attribute("tests")!.Value.ShouldBe(requirements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        suite.Attribute("failures")!.Value.ShouldBe(unmet.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cases = suite.Elements("testcase").ToList();
        cases.Select(c => c.Attribute("name")!.Value).ShouldBe(requirements.Select(r => r!["requirement"]!.GetValue<string>()));
        cases.Count(c => c.Element("failure") is not null).ShouldBe(unmet.Count);
        cases.ShouldAllBe(c => c.Attribute("classname")!.Value.StartsWith("attest.gate.", StringComparison.Ordinal));
        var signOff = cases.Single(c => c.Attribute("name")!.Value == "sign_off:legal").Element("failure")!;
        signOff.Attribute("message")!.Value.ShouldStartWith("No legal sign-off.");
        signOff.Value.ShouldContain("To satisfy: A legal reviewer approves the release.");

        // SARIF 2.1.0: the properties the OASIS schema requires (version, runs[].tool.driver.name, results[].message.text)
        // and rule references that resolve.
        var s = JsonNode.Parse(await File.ReadAllTextAsync(sarif, TestContext.Current.CancellationToken))!;
        s["version"]!.GetValue<string>().ShouldBe("2.1.0");
        s["$schema"]!.GetValue<string>().ShouldBe("https://json.schemastore.org/sarif-2.1.0.json");
        var sarifRun = s["runs"]!.AsArray().ShouldHaveSingleItem()!;
        var driver = sarifRun["tool"]!["driver"]!;
        driver["name"]!.GetValue<string>().ShouldBe("attest gate");
        var rules = driver["rules"]!.AsArray();
        var results = sarifRun["results"]!.AsArray();
        results.Count.ShouldBe(unmet.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i]!;
            r["level"]!.GetValue<string>().ShouldBe("error");
            r["message"]!["text"]!.GetValue<string>().ShouldContain(unmet[i]!["reason"]!.GetValue<string>());
            var ruleIndex = r["ruleIndex"]!.GetValue<int>();
            rules[ruleIndex]!["id"]!.GetValue<string>().ShouldBe(r["ruleId"]!.GetValue<string>());
            r["ruleId"]!.GetValue<string>().ShouldBe(unmet[i]!["requirement"]!.GetValue<string>());
            r["locations"]![0]!["logicalLocations"]![0]!["fully_qualified_name"].ShouldBeNull();
            r["locations"]![0]!["logicalLocations"]![0]!["fullyQualifiedName"]!.GetValue<string>().ShouldStartWith("credit-scoring/");
        }
        sarifRun["properties"]!["decision"]!.GetValue<string>().ShouldBe("no_go");
    }

    [Fact]
    public async Task Gate_passes_and_exits_0_when_its_requirements_are_met()
    {
        // Design review of a low-tier system asks for the AI policy and risk-assessment controls by status (data/gates/gates.yaml).
        var settings = Core.Data.DatabaseSettings.ForDataDirectory(data.Path);
        await using (var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider())
        await using (var scope = services.CreateAsyncScope())
        {
            var set = scope.ServiceProvider.GetRequiredService<SetControlStatus>();
            foreach (var control in new[] { "ATT-GOV-01", "ATT-RISK-01" })
            {
                var result = await set.ExecuteAsync("document-summarisation", control, new ControlStatusInput { Status = ControlStatus.Satisfied }, null,
                    CallerIdentity.LocalAdministrator("test"), TestContext.Current.CancellationToken);
                result.IsOk.ShouldBeTrue(result.Message);
            }
        }
        var run = await CliRun.RunAsync("gate", "--system", "document-summarisation", "--stage", "design_review", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        run.Json["decision"]!.GetValue<string>().ShouldBe("go");
        run.Json["unmet"]!.AsArray().ShouldBeEmpty();
        run.Json["requirements"]!.AsArray().Select(r => r!["requirement"]!.GetValue<string>()).ShouldBe(["control:ATT-GOV-01", "control:ATT-RISK-01"]);
    }

    [Theory]
    [InlineData("no-such-system", null, "pre_launch", "attest: No AI system 'no-such-system'.")]
    [InlineData("credit-scoring", "9.9.9", "pre_launch", "attest: --model-version: AI system 'credit-scoring' has no model version '9.9.9'; it has ")]
    [InlineData("credit-scoring", null, "launch", "attest: --stage must be one of design_review, pre_launch, post_launch_review, periodic_recertification, got 'launch'.")]
    public async Task Bad_input_exits_2_with_one_line(string system, string? version, string stage, string expectedStart)
    {
        string[] args = ["gate", "--system", system, "--stage", stage, "--data", data.Path];
        if (version is not null) args = [.. args, "--model-version", version];
        var run = await CliRun.RunAsync(args);

        run.ExitCode.ShouldBe(2, run.Out);
        run.Error.Trim().Split('\n').Length.ShouldBe(1);
        run.Error.ShouldStartWith(expectedStart);
    }

    [Fact]
    public async Task Gate_names_the_model_version_it_judged()
    {
        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--data", data.Path, "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        run.Json["model_version"]!.GetValue<string>().ShouldBe("credit-pd-gbm@3.1.0");
    }

    [Fact]
    public async Task Evaluation_thresholds_are_judged_on_a_fairness_report_given_with_evaluation()
    {
        using var dir = new TempDirectory();
        var report = dir.File("fairness.json");
        var evaluate = await CliRun.RunAsync("evaluate", "fairness", "--input", Path.Combine(AppContext.BaseDirectory, "Evaluation", "Data", "synthetic.csv"),
            "--label", "y", "--prediction", "yhat", "--sensitive", "race,sex", "--format", "json", "--output", report);
        evaluate.ExitCode.ShouldBe(0, evaluate.Error);

        var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--evaluation", report, "--json");

        run.ExitCode.ShouldBe(1, run.Error);
        var evaluations = run.Json["requirements"]!.AsArray().Where(r => r!["kind"]!.GetValue<string>() == "evaluation")
            .ToDictionary(r => r!["requirement"]!.GetValue<string>(), r => r!["met"]!.GetValue<bool>());
        // Expected verdicts follow from the report itself and data/gates/gates.yaml (pre_launch, critical):
        // impact ratio >= 0.8 per group with at least 30 rows, demographic parity ratio >= 0.8 per feature.
        var fairness = JsonNode.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken))!["features"]!.AsObject();
        var expected = new Dictionary<string, bool>();
        foreach (var (feature, node) in fairness)
        {
            expected[$"evaluation:dp-ratio:{feature}"] = node!["disparities"]!["demographic_parity_ratio"]!.GetValue<double>() >= 0.8;
            foreach (var (group, ratio) in node["impact_ratios"]!["ratios"]!.AsObject())
            {
                var count = node["by_group"]![group]!["count"]!.GetValue<double>();
                expected[$"evaluation:impact-ratio:{feature}={group}"] = count < 30 || ratio!.GetValue<double>() >= 0.8;
            }
        }
        // The demo's stored fairness report measured age_band; the given report's features (race, sex) replace the
        // stored measurements of the same metric and feature, so sex is judged once, on the given report's groups.
        expected["evaluation:impact-ratio:age_band=18-24"] = false;
        expected["evaluation:impact-ratio:age_band=25-39"] = true;
        expected["evaluation:impact-ratio:age_band=40-59"] = true;
        expected["evaluation:impact-ratio:age_band=60+"] = true;
        expected["evaluation:dp-ratio:age_band"] = false;
        evaluations.OrderBy(e => e.Key, StringComparer.Ordinal).ToList().ShouldBe(expected.OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
        evaluations.Keys.ShouldContain("evaluation:dp-ratio:race");
        run.Json["requirements"]!.AsArray().First(r => r!["requirement"]!.GetValue<string>() == "evaluation:dp-ratio:race")!["reason"]!.GetValue<string>().ShouldEndWith("(evidence fairness.json).");

        var bad = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--data", data.Path, "--evaluation", dir.File("x.json", "{\"kind\":\"drift\"}"));
        bad.ExitCode.ShouldBe(2);
        bad.Error.ShouldStartWith("attest: --evaluation ");
        bad.Error.ShouldContain("expected an 'attest evaluate fairness --format json' report");
    }
}
