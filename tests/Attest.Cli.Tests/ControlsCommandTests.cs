using System.Text.Json.Nodes;
using Attest.Cli.Tests.Fixtures;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Features.Compliance.Controls.Oscal;

namespace Attest.Cli.Tests;

public class ControlsCommandTests
{
    [Fact]
    public async Task I_can_list_the_controls_as_JSON_and_filter_them_by_framework()
    {
        var all = await CliRun.Of("controls", "list", "--json");
        var owasp = await CliRun.Of("controls", "list", "--json", "--framework", "owasp-llm-2025");

        all.ExitCode.ShouldBe(0);
        all.Json["controls"]!.AsArray().Count.ShouldBe(60);
        all.Json["library"]!["version"]!.GetValue<string>().ShouldBe("attest-controls 1.0.0");
        owasp.ExitCode.ShouldBe(0);
        var controls = owasp.Json["controls"]!.AsArray();
        controls.Select(c => c!["id"]!.GetValue<string>()).ShouldBe(["ATT-DATA-03", "ATT-OVS-04", "ATT-SEC-02", "ATT-SEC-03", "ATT-SEC-04", "ATT-SEC-05", "ATT-SEC-06", "ATT-SEC-07", "ATT-SEC-08", "ATT-TPM-01"]);
        controls.SelectMany(c => c!["mappings"]!.AsArray()).ShouldAllBe(m => m!.GetValue<string>().StartsWith("owasp-llm-2025:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Listing_an_unknown_framework_exits_2()
    {
        var run = await CliRun.Of("controls", "list", "--framework", "soc2");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"attest: --framework: unknown framework \"soc2\"; expected one of eu-ai-act, iso42001, nist-ai-rmf, owasp-llm-2025{Environment.NewLine}");
    }

    [Fact]
    public async Task The_human_listing_is_a_table()
    {
        var run = await CliRun.Of("controls", "list", "--framework", "eu-ai-act");

        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("ATT-RISK-01");
        run.Out.ShouldContain("eu-ai-act:art"); // the 80-column table wraps long cells
        run.Out.ShouldNotContain("nist-ai-rmf:");
    }

    [Fact]
    public void The_structure_check_accepts_the_NIST_example_catalog()
    {
        OscalCatalogShape.Validate(JsonNode.Parse(File.ReadAllText(Fixture.PathOf("basic-catalog.json")))).ShouldBeEmpty();
    }

    [Fact]
    public void The_structure_check_rejects_what_the_catalog_model_does_not_have()
    {
        var broken = JsonNode.Parse("""{"catalog":{"uuid":"nope","metadata":{"title":"T","version":"1","oscal-version":"1.1.2"},"controls":[{"id":"1bad","title":"T","owner":"x"}]}}""");

        OscalCatalogShape.Validate(broken).ShouldBe([
            "$.catalog.uuid: expected a UUID",
            "$.catalog.metadata.last-modified: expected a date-time with time zone",
            "$.catalog.controls[0].owner: not part of the OSCAL catalog model",
            "$.catalog.controls[0].id: expected an OSCAL token (a letter or _, then letters, digits, '.', '-' or '_')",
        ]);
    }

    [Fact]
    public async Task I_can_export_the_library_as_an_OSCAL_catalog_with_the_example_catalogs_structure()
    {
        var run = await CliRun.Of("controls", "export", "--format", "oscal");

        run.ExitCode.ShouldBe(0);
        var catalog = run.Json;
        OscalCatalogShape.Validate(catalog).ShouldBeEmpty();
        catalog["catalog"]!["metadata"]!["oscal-version"]!.GetValue<string>().ShouldBe("1.1.2");
        var controls = catalog["catalog"]!["groups"]!.AsArray().SelectMany(g => g!["controls"]!.AsArray()).ToArray();
        controls.Length.ShouldBe(60);
        var risk = controls.Single(c => c!["id"]!.GetValue<string>() == "ATT-RISK-01")!;
        risk["props"]!.AsArray().Select(p => p!["value"]!.GetValue<string>()).ShouldContain("eu-ai-act:art-9");
        risk["parts"]![0]!["name"]!.GetValue<string>().ShouldBe("statement");
        // The same library always exports the same catalog uuid.
        (await CliRun.Of("controls", "export", "--format", "oscal")).Json["catalog"]!["uuid"]!.GetValue<string>()
            .ShouldBe(catalog["catalog"]!["uuid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_rejects_an_unknown_format_with_exit_2()
    {
        (await CliRun.Of("controls", "export", "--format", "csv")).ExitCode.ShouldBe(2);
    }

    [Fact]
    public async Task The_library_round_trips_through_OSCAL_as_a_framework_pack()
    {
        using var dir = new TempDirectory();
        var catalogFile = dir.File("catalog.json");
        (await CliRun.Of("controls", "export", "--format", "oscal", "--output", catalogFile)).ExitCode.ShouldBe(0);

        var import = await CliRun.Of("controls", "import-oscal", catalogFile, "--output", Path.Combine(dir.Path, "frameworks"), "--id", "attest-roundtrip");

        import.ExitCode.ShouldBe(0);
        import.Out.ShouldContain("framework attest-roundtrip with 60 requirements");
        var library = ControlLibraryLoader.LoadDefault(dir.Path);
        var pack = library.Framework("attest-roundtrip").ShouldNotBeNull();
        pack.Requirements.Select(r => r.Id).ShouldBe(library.Controls.Select(c => c.Id));
        pack.Requirements.Select(r => r.Title).ShouldBe(library.Controls.Select(c => c.Title));
        pack.Requirements.Select(r => r.Text).ShouldBe(library.Controls.Select(c => c.Objective));
    }

    [Fact]
    public async Task I_can_import_the_NIST_example_catalog_as_a_framework_pack()
    {
        using var dir = new TempDirectory();

        var run = await CliRun.Of("controls", "import-oscal", Fixture.PathOf("basic-catalog.json"), "--output", dir.Path);

        run.ExitCode.ShouldBe(0);
        var file = Path.Combine(dir.Path, "sample-security-catalog-for-demonstration-and-testing.yaml");
        run.Out.ShouldBe($"Wrote {file}: framework sample-security-catalog-for-demonstration-and-testing with 4 requirements.{Environment.NewLine}");
        var errors = new List<Attest.Core.DataFiles.DataError>();
        var pack = FrameworkPackReader.Read(File.ReadAllText(file), file, errors).ShouldNotBeNull();
        // Controls of basic-catalog.json in document order (groups s1.1 and s2.1).
        pack.Requirements.Select(r => r.Id).ShouldBe(["s1.1.1", "s1.1.2", "s2.1.1", "s2.1.2"]);
        pack.Requirements[1].Title.ShouldBe("Segregation of duties");
        pack.Requirements[1].Text.ShouldBe("Conflicting duties and areas of responsibility should be segregated to reduce opportunities for unauthorized or unintentional modification or misuse of the organization\u2019s assets.");
        pack.Version.ShouldBe("1.1");
    }

    [Fact]
    public async Task Importing_a_document_that_is_not_an_OSCAL_catalog_exits_2()
    {
        using var dir = new TempDirectory();

        var notCatalog = await CliRun.Of("controls", "import-oscal", dir.File("x.json", """{"profile":{}}"""), "--output", dir.Path);
        var notJson = await CliRun.Of("controls", "import-oscal", dir.File("y.json", "{\n  \"catalog\": [\n"), "--output", dir.Path);

        notCatalog.ExitCode.ShouldBe(2);
        notCatalog.Error.ShouldContain("x.json: not an OSCAL catalog Attest can import: $: expected an object with a \"catalog\" object");
        notJson.ExitCode.ShouldBe(2);
        notJson.Error.ShouldContain("y.json:3: invalid JSON");
    }

    [Fact]
    public async Task I_can_export_a_systems_required_controls_as_an_OSCAL_profile_of_the_catalog()
    {
        using var dir = new TempDirectory();
        var intake = dir.File("intake.yaml", """
            name: Chatbot
            operator_role: provider
            eu_nexus: yes
            exclusions: none
            prohibited_practices: none
            annex_i_product: no
            annex_iii: none
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
            personal_data: none
            affected_people: 0
            uses_generative_ai: yes
            third_party_model: no
            """);

        var run = await CliRun.Of("controls", "export", "--format", "oscal-profile", "--intake", intake, "--catalog-href", "catalog.json");

        run.ExitCode.ShouldBe(0);
        var profile = run.Json["profile"]!;
        Guid.TryParse(profile["uuid"]!.GetValue<string>(), out _).ShouldBeTrue();
        profile["metadata"]!["title"]!.GetValue<string>().ShouldBe("Required controls: Chatbot");
        var import = profile["imports"]![0]!;
        import["href"]!.GetValue<string>().ShouldBe("catalog.json");
        var ids = import["include-controls"]![0]!["with-ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var classify = await CliRun.Of("classify", intake, "--json");
        ids.ShouldBe(classify.Json["required_controls"]!.AsArray().Select(n => n!.GetValue<string>()));
        ids.ShouldContain("ATT-OVS-03");
    }

    [Fact]
    public async Task A_profile_export_of_an_incomplete_intake_exits_2_naming_the_questions()
    {
        using var dir = new TempDirectory();
        var intake = dir.File("intake.yaml", "name: Chatbot\ntransparency:\n  interacts_with_natural_persons: true\nuses_generative_ai: true\n");

        var run = await CliRun.Of("controls", "export", "--format", "oscal-profile", "--intake", intake);

        run.ExitCode.ShouldBe(2);
        run.Out.ShouldBeEmpty();
        run.Error.ShouldStartWith($"attest: {intake}: incomplete: ");
        run.Error.ShouldContain("operator_role, eu_nexus");
    }

    [Fact]
    public async Task A_profile_export_without_an_intake_exits_2()
    {
        var run = await CliRun.Of("controls", "export", "--format", "oscal-profile");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldBe($"attest: --intake: required with --format oscal-profile{Environment.NewLine}");
    }
}
