using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using NJsonSchema;

namespace Attest.Core.Tests.Documents;

/// <summary>The AI-BOM export, validated against the CycloneDX 1.6 JSON schema (shipped in data/cyclonedx; see NOTICE).</summary>
public sealed class CycloneDxExportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(datasets: "cv-archive") with { License = "Apache-2.0", ProviderName = "Acme ML" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var report = """{"kind":"fairness","input":"log.csv","n":100,"overall":{"accuracy":0.9},"overall_ci":{"accuracy":[0.85,0.95]},"features":{"sex":{"by_group":{"F":{"accuracy":0.88}},"disparities":{}}}}""";
        (await _db.Get<AddEvidence>().ExecuteAsync("resume-screening", new EvidenceInput { Type = "fairness_report" }, new MemoryStream(Encoding.UTF8.GetBytes(report)), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The schema the product ships (data/cyclonedx/) and validates imports with.
    private static Task<JsonSchema> SchemaAsync() => CycloneDxSchema.LoadAsync();

    [Fact]
    public async Task The_schema_accepts_the_CycloneDX_machine_learning_example_and_refuses_a_broken_one()
    {
        var schema = await SchemaAsync();
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "CycloneDx", "valid-machine-learning-1.6.json"), Ct);

        schema.Validate(example).ShouldBeEmpty();
        schema.Validate(example.Replace("\"machine-learning-model\"", "\"neural-net\"", StringComparison.Ordinal)).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_system_exports_as_a_valid_CycloneDX_1_6_ML_BOM_with_model_card_and_dataset()
    {
        var bom = (await _db.Get<ExportCycloneDx>().ExecuteAsync("resume-screening", Ct)).Value!;

        var errors = (await SchemaAsync()).Validate(bom.ToJsonString());
        errors.Select(e => e.ToString()).ShouldBeEmpty();
        bom["specVersion"]!.GetValue<string>().ShouldBe("1.6");
        bom["metadata"]!["timestamp"]!.GetValue<string>().ShouldBe("2026-03-01T09:00:00Z"); // the fake clock
        var model = bom["components"]![0]!;
        (model["type"]!.GetValue<string>(), model["bom-ref"]!.GetValue<string>(), model["supplier"]!["name"]!.GetValue<string>())
            .ShouldBe(("machine-learning-model", "model:cv-ranker@1.0.0", "Acme ML"));
        model["modelCard"]!["modelParameters"]!["datasets"]![0]!["ref"]!.GetValue<string>().ShouldBe("data:cv-archive");
        var metrics = model["modelCard"]!["quantitativeAnalysis"]!["performanceMetrics"]!.AsArray();
        metrics[0]!.ToJsonString().ShouldBe("""{"type":"accuracy","value":"0.9","confidenceInterval":{"lowerBound":"0.85","upperBound":"0.95"}}""");
        metrics[1]!["slice"]!.GetValue<string>().ShouldBe("sex=F");
        bom["components"]![1]!["type"]!.GetValue<string>().ShouldBe("data");
        bom["dependencies"]![0]!.ToJsonString().ShouldBe("""{"ref":"system:resume-screening","dependsOn":["model:cv-ranker@1.0.0"]}""");
    }
}
