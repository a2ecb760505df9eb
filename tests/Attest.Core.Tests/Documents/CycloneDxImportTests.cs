using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>
/// Importing a vendor's CycloneDX ML-BOM (Documents/CycloneDx/vendor-ml-bom.json: a Mistral model and a vendor
/// CV parser, a library and a dataset) into a system's model versions.
/// </summary>
public sealed class CycloneDxImportTests : IAsyncLifetime
{
    private const string Mistral = "mistralai/Mistral-Small-3.1-24B-Instruct-2503";
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Fixture() => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Documents", "CycloneDx", "vendor-ml-bom.json"));

    private static byte[] Changed(Action<JsonObject> change)
    {
        var bom = JsonNode.Parse(Fixture())!.AsObject();
        change(bom);
        return Encoding.UTF8.GetBytes(bom.ToJsonString());
    }

    private Task<Result<BomImportResult>> ImportAsync(byte[] bom, string system = "resume-screening") =>
        _db.Get<ImportCycloneDxBom>().ExecuteAsync(system, bom, Actors.Dana, Ct);

    private async Task<List<Data.ModelVersion>> ModelsAsync()
    {
        await using var db = _db.NewContext();
        return await db.ModelVersions.AsNoTracking().OrderBy(m => m.Name).ToListAsync(Ct);
    }

    private async Task<List<Data.LedgerEntry>> LedgerAsync()
    {
        await using var db = _db.NewContext();
        return await db.Ledger.AsNoTracking().OrderBy(e => e.Seq).ToListAsync(Ct);
    }

    private static (string, string, string, BomImportAction) Summary(BomImportLine l) => (l.Component, l.Name, l.Version, l.Action);

    [Fact]
    public async Task A_vendor_ML_BOM_creates_third_party_model_versions_with_supplier_licence_hash_and_model_card()
    {
        var ledgerBefore = (await LedgerAsync()).Count;

        var result = await ImportAsync(Fixture());

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.Components.Select(Summary).ShouldBe([
            ("components[0]", Mistral, "2503", BomImportAction.Created),
            ("components[2]", "cv-parser", "7.2.1", BomImportAction.Created)]);
        (result.Value.SpecVersion, result.Value.SerialNumber, result.Value.BomVersion).ShouldBe(("1.6", "urn:uuid:6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", 3));
        result.Value.BomSha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Fixture())));

        var models = await ModelsAsync();
        var parser = models[0];
        (parser.Name, parser.Kind, parser.Provider, parser.ProviderName, parser.License).ShouldBe(
            ("cv-parser", ModelKind.Predictive, ModelProvider.ThirdParty, "Northwind Talent AI", "Northwind commercial licence"));
        (parser.ArtifactUri, parser.ArtifactSha256).ShouldBe(
            ("https://models.northwind-talent.example/cv-parser/7.2.1/model.onnx", "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"));
        var mistral = models[1];
        (mistral.Name, mistral.Kind, mistral.Provider, mistral.ProviderName, mistral.License).ShouldBe(
            (Mistral, ModelKind.Generative, ModelProvider.ThirdParty, "Mistral AI", "Apache-2.0"));
        // The distribution reference wins over the website; the SHA-256 (not the SHA-1) is kept, in lower case.
        (mistral.ArtifactUri, mistral.ArtifactSha256).ShouldBe(
            ("https://huggingface.co/mistralai/Mistral-Small-3.1-24B-Instruct-2503", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        var config = JsonNode.Parse(mistral.ConfigJson)!.AsObject();
        config.Select(p => p.Key).ShouldBe([
            "cyclonedx.bom_ref", "cyclonedx.purl", "cyclonedx.description", "cyclonedx.approach", "cyclonedx.task",
            "cyclonedx.architecture_family", "cyclonedx.model_architecture", "cyclonedx.datasets", "cyclonedx.performance_metrics",
            "cyclonedx.considerations"]);
        config["cyclonedx.bom_ref"]!.GetValue<string>().ShouldBe("pkg:huggingface/mistralai/Mistral-Small-3.1-24B-Instruct-2503@2503");
        config["cyclonedx.task"]!.GetValue<string>().ShouldBe("text-generation");
        config["cyclonedx.datasets"]!.GetValue<string>().ShouldBe("""["data:instruct-mix"]""");
        config["cyclonedx.performance_metrics"]!.GetValue<string>().ShouldBe(
            """[{"type":"MMLU","value":"80.62"},{"type":"HumanEval","value":"88.41","confidenceInterval":{"lowerBound":"86.9","upperBound":"89.9"}}]""");
        JsonNode.Parse(parser.ConfigJson)!["cyclonedx.datasets"]!.GetValue<string>().ShouldBe("""["Northwind annotated CVs 2025"]""");

        var entries = (await LedgerAsync()).Skip(ledgerBefore).ToList();
        entries.Select(e => e.Action).ShouldBe(["model_version.registered", "model_version.registered", "bom.imported"]);
        var payload = JsonNode.Parse(entries[2].PayloadJson)!;
        (payload["sha256"]!.GetValue<string>(), payload["serial_number"]!.GetValue<string>(), payload["version"]!.GetValue<int>(), payload["created"]!.GetValue<int>())
            .ShouldBe((result.Value.BomSha256, "urn:uuid:6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", 3, 2));
    }

    [Fact]
    public async Task Importing_the_same_BOM_again_changes_nothing_and_a_newer_BOM_updates_only_what_changed()
    {
        (await ImportAsync(Fixture())).IsOk.ShouldBeTrue();
        var parser = (await ModelsAsync())[0];
        // The owners add a config key of their own; the import keeps it.
        var owned = JsonNode.Parse(parser.ConfigJson)!.AsObject();
        owned["pinned_by"] = "Lee Park";
        var edit = await _db.Get<UpdateModelVersion>().ExecuteAsync("resume-screening", parser.Id, new ModelVersionInput
        {
            Name = parser.Name,
            Version = parser.Version,
            Kind = parser.Kind,
            Provider = parser.Provider,
            ProviderName = parser.ProviderName,
            License = parser.License,
            ArtifactUri = parser.ArtifactUri,
            ArtifactSha256 = parser.ArtifactSha256,
            Config = owned,
        }, 1, Actors.Dana, Ct);
        edit.IsOk.ShouldBeTrue(edit.Message);
        var ledgerBefore = (await LedgerAsync()).Count;

        var again = await ImportAsync(Fixture());

        again.Value!.Components.Select(l => l.Action).ShouldBe([BomImportAction.Unchanged, BomImportAction.Unchanged]);
        (await LedgerAsync()).Skip(ledgerBefore).Select(e => e.Action).ShouldBe(["bom.imported"]);

        var newer = await ImportAsync(Changed(bom =>
        {
            var c = bom["components"]![2]!;
            c["licenses"] = JsonNode.Parse("""[{"license":{"name":"Northwind commercial licence 2026"}}]""");
            c["modelCard"]!["quantitativeAnalysis"]!["performanceMetrics"] = JsonNode.Parse("""[{"type":"f1","value":"0.951","slice":"language=de"}]""");
        }));

        newer.IsOk.ShouldBeTrue(newer.Message);
        newer.Value!.Components.Select(Summary).ShouldBe([
            ("components[0]", Mistral, "2503", BomImportAction.Unchanged),
            ("components[2]", "cv-parser", "7.2.1", BomImportAction.Updated)]);
        var updated = (await ModelsAsync())[0];
        (updated.Id, updated.License, updated.RowVersion).ShouldBe((parser.Id, "Northwind commercial licence 2026", 3));
        var config = JsonNode.Parse(updated.ConfigJson)!;
        config["pinned_by"]!.GetValue<string>().ShouldBe("Lee Park");
        config["cyclonedx.performance_metrics"]!.GetValue<string>().ShouldBe("""[{"type":"f1","value":"0.951","slice":"language=de"}]""");
        (await LedgerAsync()).Skip(ledgerBefore + 1).Select(e => e.Action).ShouldBe(["model_version.updated", "bom.imported"]);
    }

    public static TheoryData<string, string, string> InvalidBoms => new()
    {
        // The third component (the second model) is bad: the first model is not created either.
        { "no-version", "components[2].version", "is required (Attest identifies a model version by name and version)" },
        { "sha1-as-sha256", "components[0].hashes[1].content", "must be a SHA-256 digest: 64 hexadecimal characters" },
        { "spec-1.4", "specVersion", "must be 1.5 or 1.6 (got '1.4')" },
        { "spdx", "bomFormat", "must be \"CycloneDX\"" },
        { "no-models", "components", "has no component of type \"machine-learning-model\"" },
        { "unknown-type", "components[2].type", "is not one of the values the CycloneDX 1.6 schema allows" },
        { "unknown-property", "components[2].accuracy", "is not a property CycloneDX 1.6 defines" },
        { "duplicate", "components[2]", $"describes {Mistral}@2503 again (first at components[0])" },
        { "unknown-licence-id", "components[2].licenses", "does not match any form the CycloneDX 1.6 schema allows here (components[2].licenses[0].license.id: is not an SPDX licence identifier; name other licences with license.name)" },
        { "not-json", "bom", "is not valid JSON (line 1, position 2)" },
        { "repeated-key", "bom", "is not valid JSON: Duplicate property 'specVersion' encountered during deserialization." },
        { "repeated-nested-key", "bom", "is not valid JSON: Duplicate property 'name' encountered during deserialization." },
    };

    private static byte[] InvalidBom(string kind) => kind switch
    {
        "no-version" => Changed(b => b["components"]![2]!.AsObject().Remove("version")),
        "sha1-as-sha256" => Changed(b => b["components"]![0]!["hashes"]![1]!["content"] = "0f3b7c2d9e8a1b4c5d6e7f8091a2b3c4d5e6f708"),
        "spec-1.4" => Changed(b => b["specVersion"] = "1.4"),
        "spdx" => Changed(b => b["bomFormat"] = "SPDX"),
        "no-models" => Changed(b =>
        {
            b["components"]![0]!["type"] = "library";
            b["components"]![2]!["type"] = "library";
        }),
        "unknown-type" => Changed(b => b["components"]![2]!["type"] = "neural-net"),
        "unknown-property" => Changed(b => b["components"]![2]!["accuracy"] = "0.94"),
        "duplicate" => Changed(b =>
        {
            b["components"]![2]!["group"] = "mistralai";
            b["components"]![2]!["name"] = "Mistral-Small-3.1-24B-Instruct-2503";
            b["components"]![2]!["version"] = "2503";
        }),
        "unknown-licence-id" => Changed(b => b["components"]![2]!["licenses"] = JsonNode.Parse("""[{"license":{"id":"Northwind-1.0"}}]""")),
        "not-json" => "{,"u8.ToArray(),
        "repeated-nested-key" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixture()).Replace("\"name\": \"cv-parser\",", "\"name\": \"cv-parser\", \"name\": \"cv-parser-2\",", StringComparison.Ordinal)),
        "repeated-key" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Fixture()).Replace("\"specVersion\": \"1.6\",", "\"specVersion\": \"1.6\", \"specVersion\": \"1.5\",", StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(InvalidBoms))]
    public async Task An_invalid_BOM_is_refused_naming_the_JSON_path_and_writes_nothing(string kind, string path, string problem)
    {
        var ledgerBefore = (await LedgerAsync()).Count;

        var result = await ImportAsync(InvalidBom(kind));

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors.Keys.ShouldContain(path, result.Message);
        result.Errors[path].ShouldContain(problem, result.Message);
        (await ModelsAsync()).ShouldBeEmpty();
        (await LedgerAsync()).Count.ShouldBe(ledgerBefore);
    }

    [Fact]
    public async Task A_BOM_about_one_model_names_it_in_metadata_component_and_nested_models_are_found_too()
    {
        var bom = """
            {
              "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
              "metadata": {
                "component": {
                  "type": "machine-learning-model", "bom-ref": "ranker", "name": "cv-ranker-pro", "version": "4.0", "publisher": "Northwind Talent AI",
                  "components": [ { "type": "machine-learning-model", "name": "cv-embedder", "version": "1.3" } ]
                }
              }
            }
            """;

        var result = await ImportAsync(Encoding.UTF8.GetBytes(bom));

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.Components.Select(Summary).ShouldBe([
            ("metadata.component", "cv-ranker-pro", "4.0", BomImportAction.Created),
            ("metadata.component.components[0]", "cv-embedder", "1.3", BomImportAction.Created)]);
        result.Value.SerialNumber.ShouldBeNull();
    }

    [Fact]
    public async Task A_CycloneDX_1_5_BOM_is_accepted()
    {
        var result = await ImportAsync(Changed(b => b["specVersion"] = "1.5"));

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.SpecVersion.ShouldBe("1.5");
    }

    [Fact]
    public async Task A_BOM_may_not_overwrite_an_in_house_model_version_and_then_nothing_is_imported()
    {
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("cv-parser", "7.2.1"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var ledgerBefore = (await LedgerAsync()).Count;

        var result = await ImportAsync(Fixture());

        result.Kind.ShouldBe(ResultKind.Conflict);
        result.Message.ShouldBe("components[2] (cv-parser@7.2.1): system 'resume-screening' already has cv-parser@7.2.1 as an in-house model version; a vendor BOM may create or update only third-party and open-source ones.");
        result.Errors.Keys.ShouldBe(["components[2]"]);
        (await ModelsAsync()).Select(m => m.Label).ShouldBe(["cv-parser@7.2.1"]);
        (await LedgerAsync()).Count.ShouldBe(ledgerBefore);
    }

    [Fact]
    public async Task An_unknown_system_is_not_found()
    {
        var result = await ImportAsync(Fixture(), "no-such-system");

        (result.Kind, result.Message).ShouldBe((ResultKind.NotFound, "No AI system 'no-such-system'."));
    }

    [Fact]
    public async Task A_system_exported_as_an_AI_BOM_imports_into_another_system_as_third_party_model_versions()
    {
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(datasets: "cv-archive") with { License = "Apache-2.0", ProviderName = "Acme ML" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("interview-scheduler"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var exported = (await _db.Get<ExportCycloneDx>().ExecuteAsync("resume-screening", Ct)).Value!;

        var result = await ImportAsync(Encoding.UTF8.GetBytes(exported.ToJsonString()), "interview-scheduler");

        result.IsOk.ShouldBeTrue(result.Message);
        result.Value!.Components.Select(Summary).ShouldBe([("components[0]", "cv-ranker", "1.0.0", BomImportAction.Created)]);
        var copy = (await ModelsAsync()).Single(m => m.Id == result.Value.Components[0].ModelVersionId);
        (copy.Provider, copy.ProviderName, copy.License, copy.ArtifactUri, copy.ArtifactSha256).ShouldBe(
            (ModelProvider.ThirdParty, "Acme ML", "Apache-2.0", "s3://models/cv-ranker/1.0.0/model.onnx", new string('a', 64)));
        JsonNode.Parse(copy.ConfigJson)!["cyclonedx.datasets"]!.GetValue<string>().ShouldBe("""["data:cv-archive"]""");
        // Back into the system it came from, the model is that system's own (in-house) model: refused.
        (await ImportAsync(Encoding.UTF8.GetBytes(exported.ToJsonString()))).Kind.ShouldBe(ResultKind.Conflict);
    }
}
