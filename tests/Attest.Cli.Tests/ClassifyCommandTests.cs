using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

public class ClassifyCommandTests
{
    // Every question has an explicit answer: Attest never classifies from silence.
    private const string ResumeScreener = """
        format: attest.intake/v1
        name: Resume screening assistant
        description: Ranks applicants' CVs for recruiters
        operator_role: provider
        eu_nexus: yes
        exclusions: none
        prohibited_practices: none
        annex_i_product: no
        annex_iii: ["III.4(a)"]
        art_6_3_exemption: none
        profiling: no
        transparency:
          interacts_with_natural_persons: yes
          generates_synthetic_content: no
          emotion_recognition_or_biometric_categorisation: no
          deep_fake: no
          public_interest_text: no
        gpai:
          is_gpai_model: no
        deployment: internal
        autonomy: human_in_the_loop
        personal_data: personal
        affected_people: 0
        uses_generative_ai: no
        third_party_model: no
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
        var file = dir.File("intake.json", """
            {"format": "attest.intake/v1", "name": "Model", "operator_role": "provider", "eu_nexus": true, "exclusions": [],
             "prohibited_practices": [], "annex_i_product": false, "annex_iii": [], "profiling": false,
             "transparency": {"interacts_with_natural_persons": false, "generates_synthetic_content": false,
               "emotion_recognition_or_biometric_categorisation": false, "deep_fake": false, "public_interest_text": false},
             "gpai": {"is_gpai_model": true, "training_compute_flops": 2e25, "designated_systemic_risk": false, "open_licence": false},
             "deployment": "internal", "autonomy": "human_in_the_loop", "personal_data": "none", "affected_people": 0,
             "uses_generative_ai": true, "third_party_model": false}
            """);

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
    public async Task A_name_and_a_description_give_no_class_but_exit_2_naming_the_questions_that_decide_it()
    {
        using var dir = new TempDirectory();
        var file = dir.File("intake.yaml", "name: Helpdesk bot\ndescription: Answers staff questions\n");

        var run = await CliRun.Of("classify", file, "--json");

        run.ExitCode.ShouldBe(2);
        run.Json["status"]!.GetValue<string>().ShouldBe("incomplete");
        run.Json["eu_ai_act"]!["class"]!.GetValue<string>().ShouldBe("incomplete");
        run.Json["tier"].ShouldBeNull();
        run.Json["required_controls"]!.AsArray().ShouldBeEmpty();
        var missing = run.Json["missing"]!.AsArray();
        missing.Select(m => m!["key"]!.GetValue<string>()).ShouldContain("eu_nexus");
        missing.Select(m => m!["key"]!.GetValue<string>()).ShouldContain("prohibited_practices");
        missing.ShouldAllBe(m => m!["state"]!.GetValue<string>() == "unanswered");
        var euNexus = missing.Single(m => m!["key"]!.GetValue<string>() == "eu_nexus")!;
        euNexus["question"]!.GetValue<string>().ShouldNotBe("eu_nexus");
        euNexus["decides"]!.GetValue<string>().ShouldContain("Art 2(1)");
        run.Error.ShouldStartWith($"attest: {file}: incomplete: {missing.Count} questions that decide the classification have no answer (left out or unknown): operator_role, eu_nexus, ");
        run.Error.Trim().ShouldNotContain("\n");
    }

    [Fact]
    public async Task One_unknown_answer_is_named_and_the_human_output_lists_it_without_a_class()
    {
        using var dir = new TempDirectory();
        var file = dir.File("intake.yaml", ResumeScreener.Replace("profiling: no", "profiling: unknown", StringComparison.Ordinal));

        var run = await CliRun.Of("classify", file);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe($"attest: {file}: incomplete: 1 question that decides the classification has no answer (left out or unknown): profiling; answer each (yes, no or a value) to get a class");
        run.Out.ShouldContain("incomplete, no class yet");
        run.Out.ShouldContain("profiling");
        run.Out.ShouldContain("unknown");
        run.Out.ShouldNotContain("high_risk");
    }

    [Fact]
    public async Task Invalid_answers_exit_2_with_one_line_naming_the_key()
    {
        using var dir = new TempDirectory();
        var file = dir.File("intake.yaml", "name: X\ntransparency:\n  deep_fake: maybe\n");

        var run = await CliRun.Of("classify", file, "--json");

        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldBe($"attest: {file}:3: transparency.deep_fake: expected yes, no or unknown (or true, false), got \"maybe\"{Environment.NewLine}");
    }

    [Fact]
    public async Task A_contradiction_an_unknown_annex_point_a_missing_file_and_an_unknown_calendar_exit_2()
    {
        using var dir = new TempDirectory();

        (await CliRun.Of("classify", dir.File("a.yaml", "name: X\nannex_iii: none\nart_6_3_exemption: narrow_procedural_task\n"))).Error
            .ShouldContain("a.yaml:3: art_6_3_exemption: an Art 6(3) derogation applies only to a system listed in Annex III");
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
