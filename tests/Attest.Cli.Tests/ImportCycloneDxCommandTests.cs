namespace Attest.Cli.Tests;

/// <summary><c>attest import cyclonedx</c> against a demo data directory.</summary>
public sealed class ImportCycloneDxCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    private const string Bom = """
        {
          "bomFormat": "CycloneDX",
          "specVersion": "1.6",
          "serialNumber": "urn:uuid:0b7e3c55-2f0a-4a47-9d7e-6b1f6c8e2a10",
          "version": 1,
          "components": [
            {
              "type": "machine-learning-model",
              "bom-ref": "pkg:huggingface/mistralai/Mistral-Small-3.1-24B-Instruct-2503@2503",
              "supplier": { "name": "Mistral AI" },
              "group": "mistralai",
              "name": "Mistral-Small-3.1-24B-Instruct-2503",
              "version": "2503",
              "licenses": [ { "license": { "id": "Apache-2.0" } } ],
              "modelCard": { "modelParameters": { "task": "text-generation" } }
            }
          ]
        }
        """;

    [Fact]
    public async Task I_can_import_a_vendor_BOM_and_read_what_happened_as_a_table_or_JSON()
    {
        using var dir = new TempDirectory();
        var file = dir.File("bom.json", Bom);

        var run = await CliRun.RunAsync("import", "cyclonedx", "--system", "document-summarisation", "--file", file, "--data", data.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("mistralai/Mistral-Small-3.1-24B-Instruct-2503@2503");
        run.Out.ShouldContain("created");
        run.Out.ShouldContain("Imported CycloneDX 1.6 BOM urn:uuid:0b7e3c55-2f0a-4a47-9d7e-6b1f6c8e2a10");

        var again = await CliRun.RunAsync("import", "cyclonedx", "--system", "document-summarisation", "--file", file, "--data", data.Path, "--json");

        again.ExitCode.ShouldBe(0, again.Error);
        var line = again.Json["components"]![0]!;
        (line["name"]!.GetValue<string>(), line["version"]!.GetValue<string>(), line["action"]!.GetValue<string>())
            .ShouldBe(("mistralai/Mistral-Small-3.1-24B-Instruct-2503", "2503", "unchanged"));
        line["model_version_id"]!.GetValue<string>().ShouldStartWith("mv_");
    }

    [Fact]
    public async Task An_invalid_BOM_exits_2_with_one_line_naming_the_JSON_path()
    {
        using var dir = new TempDirectory();
        var file = dir.File("bom.json", Bom.Replace("\"version\": \"2503\",", "", StringComparison.Ordinal));

        var run = await CliRun.RunAsync("import", "cyclonedx", "--system", "document-summarisation", "--file", file, "--data", data.Path);

        (run.ExitCode, run.Error.Trim()).ShouldBe((2, $"attest: {file}: components[0].version: is required (Attest identifies a model version by name and version)"));
    }
}
