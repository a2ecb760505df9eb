using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

public class ClassifyCommandTests
{
    private const string ResumeScreener = """
        format: attest.intake/v1
        name: Resume screening assistant
        description: Ranks applicants' CVs for recruiters
        operator_role: provider
        eu_nexus: true
        annex_iii: ["III.4(a)"]
        transparency:
          interacts_with_natural_persons: true
        personal_data: personal
        """;

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).ToArray();

    [Fact]
    public async Task I_can_classify_a_YAML_intake_offline_as_JSON()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.Of("classify", dir.File("intake.yaml", ResumeScreener), "--json");

        run.ExitCode.ShouldBe(0);
        run.Error.ShouldBeEmpty();
        var json = run.Json;
        var eu = json["eu_ai_act"]!;
        eu["class"]!.GetValue<string>().ShouldBe("high_risk");
        Strings(eu["basis"]).ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        Strings(eu["transparency"]).ShouldBe(["Art 50(1)"]);
        eu["gpai"]!.GetValue<string>().ShouldBe("none");
        // A high-risk provider: Art 9 applies from 2 Aug 2026 (Art 113); Art 4 from 2 Feb 2025 (Art 113(a)).
        var art9 = eu["obligations"]!.AsArray().Single(o => o!["article"]!.GetValue<string>() == "Art 9")!;
        art9["title"]!.GetValue<string>().ShouldBe("Risk management system");
        art9["applies_from"]!.GetValue<string>().ShouldBe("2026-08-02");
        json["tier"]!.GetValue<string>().ShouldBe("high");
        Strings(json["reasons"]).ShouldContain("High-risk: listed in Annex III.4(a) (employment, workers' management and access to self-employment) (Art 6(2)).");
        var controls = Strings(json["required_controls"]);
        controls.ShouldContain("ATT-RISK-01");
        controls.ShouldContain("ATT-OVS-03");
        controls.ShouldContain("ATT-RISK-04");
    }

    [Fact]
    public async Task I_can_classify_a_JSON_intake()
    {
        using var dir = new TempDirectory();
        var file = dir.File("intake.json", """{"format":"attest.intake/v1","name":"Model","gpai":{"is_gpai_model":true,"training_compute_flops":2e25}}""");

        var run = await CliRun.Of("classify", file, "--json");

        run.ExitCode.ShouldBe(0);
        run.Json["eu_ai_act"]!["class"]!.GetValue<string>().ShouldBe("minimal_risk");
        run.Json["eu_ai_act"]!["gpai"]!.GetValue<string>().ShouldBe("gpai_systemic_risk");
        Strings(run.Json["eu_ai_act"]!["gpai_basis"]).ShouldBe(["Art 51(2)"]);
    }

    [Fact]
    public async Task The_unverified_2026_calendar_moves_the_Annex_III_dates()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.Of("classify", dir.File("intake.yaml", ResumeScreener), "--json", "--calendar", "eu-ai-act-omnibus-2026");

        run.ExitCode.ShouldBe(0);
        var eu = run.Json["eu_ai_act"]!;
        eu["calendar"]!["verified"]!.GetValue<bool>().ShouldBeFalse();
        eu["obligations"]!.AsArray().Single(o => o!["article"]!.GetValue<string>() == "Art 9")!["applies_from"]!.GetValue<string>().ShouldBe("2027-12-02");
    }

    [Fact]
    public async Task The_human_output_is_a_table_of_class_basis_obligations_tier_reasons_and_controls()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.Of("classify", dir.File("intake.yaml", ResumeScreener));

        run.ExitCode.ShouldBe(0);
        foreach (var expected in new[] { "high_risk", "Art 6(2), Annex III.4(a)", "Art 9", "2026-08-02", "Internal tier", "Reasons", "ATT-RISK-01", "Specialist review" })
            run.Out.ShouldContain(expected);
    }

    [Fact]
    public async Task Invalid_answers_exit_2_with_one_line_naming_the_key()
    {
        using var dir = new TempDirectory();
        var file = dir.File("intake.yaml", "name: X\ntransparency:\n  deep_fake: maybe\n");

        var run = await CliRun.Of("classify", file, "--json");

        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"attest: {file}:3: transparency.deep_fake: expected true or false, got \"maybe\"{Environment.NewLine}");
    }

    [Fact]
    public async Task A_contradiction_an_unknown_annex_point_a_missing_file_and_an_unknown_calendar_exit_2()
    {
        using var dir = new TempDirectory();

        (await CliRun.Of("classify", dir.File("a.yaml", "name: X\nart_6_3_exemption: narrow_procedural_task\n"))).Error
            .ShouldContain("a.yaml:2: art_6_3_exemption: an Art 6(3) derogation applies only to a system listed in Annex III");
        var annex = await CliRun.Of("classify", dir.File("b.yaml", "name: X\nannex_iii: [III.4(z)]\n"));
        annex.ExitCode.ShouldBe(2);
        annex.Error.ShouldContain("b.yaml:2: annex_iii[0]: \"III.4(z)\" is not an Annex III point");
        var missing = await CliRun.Of("classify", dir.File("missing.yaml"));
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldEndWith($"missing.yaml: file not found{Environment.NewLine}");
        var calendar = await CliRun.Of("classify", dir.File("c.yaml", "name: X\n"), "--calendar", "2099");
        calendar.ExitCode.ShouldBe(2);
        calendar.Error.ShouldStartWith("attest: --calendar: unknown calendar \"2099\"; expected one of ");
    }

    [Fact]
    public async Task A_malformed_organisation_control_file_exits_2_naming_file_line_and_field()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "controls"));
        var controls = dir.File("controls/acme.yaml", "format: attest.controls/v1\ngroup: {id: acme, title: ACME}\ncontrols:\n  - id: ACME-1\n    title: T\n    objective: O\n    evidence: [sign_off]\n    renewal_months: twelve\n    mappings: [eu-ai-act:art-9]\n");

        var run = await CliRun.Of("classify", dir.File("intake.yaml", "name: X\n"), "--data-dir", dir.Path);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"attest: {controls}:8: controls[0].renewal_months: expected a number, got \"twelve\"{Environment.NewLine}");
    }
}
