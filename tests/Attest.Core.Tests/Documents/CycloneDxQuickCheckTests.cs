using System.Text.Json.Nodes;
using Attest.Core.Features.Documents;

namespace Attest.Core.Tests.Documents;

/// <summary>
/// The quick check in front of the full CycloneDX schema (NJsonSchema) agrees with it: what the quick check accepts the
/// schema accepts (on hand-made valid and invalid BOMs and on a few hundred random mutations of a plain one), it accepts
/// the plain vendor shape so large imports skip the slow check, and what it does not vouch for is left to the schema.
/// </summary>
public sealed class CycloneDxQuickCheckTests
{
    private static JsonObject Fixture() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Documents", "CycloneDx", "vendor-ml-bom.json")))!.AsObject();

    /// <summary>The shape the bench imports: identity, metadata and plain model components, one of them nested.</summary>
    private static JsonObject Plain() => JsonNode.Parse("""
        {
          "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
          "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": "urn:uuid:6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "version": 2,
          "metadata": {
            "timestamp": "2026-02-14T10:30:00Z",
            "supplier": { "name": "Northwind Talent AI", "url": [ "https://northwind-talent.example" ] },
            "component": { "type": "application", "bom-ref": "suite", "name": "Northwind Screening Suite", "version": "2026.2" }
          },
          "components": [
            {
              "type": "machine-learning-model", "bom-ref": "model-0", "supplier": { "name": "Northwind Talent AI" },
              "group": "northwind", "name": "ranker-0", "version": "1.0.0", "description": "Ranking model.", "purl": "pkg:generic/ranker@1.0.0",
              "licenses": [ { "license": { "id": "Apache-2.0" } } ],
              "hashes": [ { "alg": "SHA-256", "content": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae" } ],
              "externalReferences": [ { "type": "distribution", "url": "https://models.example/ranker-0", "comment": "weights" } ],
              "modelCard": { "modelParameters": { "approach": { "type": "supervised" }, "task": "text-classification", "architectureFamily": "transformer", "modelArchitecture": "BertForSequenceClassification" } }
            },
            {
              "type": "machine-learning-model", "publisher": "Northwind Talent AI", "name": "ranker-1", "version": "1.0.1",
              "licenses": [ { "license": { "name": "Northwind commercial licence" } } ],
              "components": [ { "type": "machine-learning-model", "name": "embedder", "version": "3" } ]
            },
            { "type": "library", "name": "vllm", "version": "0.8.2", "licenses": [ { "expression": "Apache-2.0 OR MIT" } ] }
          ]
        }
        """)!.AsObject();

    private static JsonObject Changed(JsonObject bom, Action<JsonObject> change)
    {
        change(bom);
        return bom;
    }

    private static async Task<bool> SchemaAcceptsAsync(JsonObject bom) => (await CycloneDxSchema.ValidateAsync(bom.ToJsonString())).Count == 0;

    public static TheoryData<string> PlainValidBoms => new() { "plain", "spec-1.5", "no-metadata", "sha1-hash", "bench" };

    private static JsonObject PlainValid(string kind) => kind switch
    {
        "plain" => Plain(),
        "spec-1.5" => Changed(Plain(), b => b["specVersion"] = "1.5"),
        "no-metadata" => Changed(Plain(), b => b.Remove("metadata")),
        "sha1-hash" => Changed(Plain(), b => b["components"]![0]!["hashes"]!.AsArray().Add(new JsonObject { ["alg"] = "SHA-1", ["content"] = "0f3b7c2d9e8a1b4c5d6e7f8091a2b3c4d5e6f708" })),
        "bench" => JsonNode.Parse(Benchmarks.ImportBom(50))!.AsObject(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(PlainValidBoms))]
    public async Task A_plain_valid_BOM_is_accepted_by_both(string kind)
    {
        var bom = PlainValid(kind);

        (await SchemaAcceptsAsync(bom)).ShouldBeTrue();
        CycloneDxQuickCheck.IsPlainlyValid(bom).ShouldBeTrue();
    }

    public static TheoryData<string> InvalidBoms => new()
    {
        "no-type", "unknown-type", "name-number", "version-number", "version-too-long", "empty-bom-ref", "supplier-name-number",
        "supplier-extra", "unknown-licence-id", "licence-id-and-name", "licence-empty", "expression-and-licence", "hash-alg",
        "hash-content", "hash-no-content", "hash-extra", "reference-type", "reference-no-url", "reference-url-number",
        "approach-type", "model-card-extra", "serial-number", "bom-version-zero", "bom-version-text", "bom-format",
        "top-level-extra", "timestamp", "components-object", "duplicate-component", "component-text", "nested-unknown-property",
    };

    private static JsonObject Invalid(string kind)
    {
        JsonNode C(JsonObject b, int i = 0) => b["components"]![i]!;
        return Changed(Plain(), b =>
        {
            switch (kind)
            {
                case "no-type": C(b).AsObject().Remove("type"); break;
                case "unknown-type": C(b)["type"] = "neural-net"; break;
                case "name-number": C(b)["name"] = 42; break;
                case "version-number": C(b)["version"] = 1.0; break;
                case "version-too-long": C(b)["version"] = new string('1', 1025); break;
                case "empty-bom-ref": C(b)["bom-ref"] = ""; break;
                case "supplier-name-number": C(b)["supplier"]!["name"] = 5; break;
                case "supplier-extra": C(b)["supplier"]!["rating"] = "A"; break;
                case "unknown-licence-id": C(b)["licenses"] = JsonNode.Parse("""[{"license":{"id":"Northwind-1.0"}}]"""); break;
                case "licence-id-and-name": C(b)["licenses"] = JsonNode.Parse("""[{"license":{"id":"MIT","name":"MIT"}}]"""); break;
                case "licence-empty": C(b)["licenses"] = JsonNode.Parse("""[{"license":{}}]"""); break;
                case "expression-and-licence": C(b)["licenses"] = JsonNode.Parse("""[{"expression":"MIT"},{"license":{"id":"MIT"}}]"""); break;
                case "hash-alg": C(b)["hashes"]![0]!["alg"] = "SHA-999"; break;
                case "hash-content": C(b)["hashes"]![0]!["content"] = "not-hex"; break;
                case "hash-no-content": C(b)["hashes"]![0]!.AsObject().Remove("content"); break;
                case "hash-extra": C(b)["hashes"]![0]!["note"] = "x"; break;
                case "reference-type": C(b)["externalReferences"]![0]!["type"] = "homepage"; break;
                case "reference-no-url": C(b)["externalReferences"]![0]!.AsObject().Remove("url"); break;
                case "reference-url-number": C(b)["externalReferences"]![0]!["url"] = 5; break;
                case "approach-type": C(b)["modelCard"]!["modelParameters"]!["approach"]!["type"] = "guessing"; break;
                case "model-card-extra": C(b)["modelCard"]!["accuracy"] = "0.9"; break;
                case "serial-number": b["serialNumber"] = "urn:uuid:XYZ"; break;
                case "bom-version-zero": b["version"] = 0; break;
                case "bom-version-text": b["version"] = "3"; break;
                case "bom-format": b["bomFormat"] = "SPDX"; break;
                case "top-level-extra": b["accuracy"] = "0.9"; break;
                case "timestamp": b["metadata"]!["timestamp"] = "yesterday"; break;
                case "components-object": b["components"] = new JsonObject(); break;
                case "duplicate-component": b["components"]!.AsArray().Add(C(b, 2).DeepClone()); break;
                case "component-text": b["components"]!.AsArray().Add("ranker"); break;
                case "nested-unknown-property": C(b, 1)["components"]![0]!["accuracy"] = "0.9"; break;
                default: throw new ArgumentOutOfRangeException(nameof(kind));
            }
        });
    }

    [Theory]
    [MemberData(nameof(InvalidBoms))]
    public async Task An_invalid_BOM_is_refused_by_both(string kind)
    {
        var bom = Invalid(kind);

        (await SchemaAcceptsAsync(bom)).ShouldBeFalse();
        CycloneDxQuickCheck.IsPlainlyValid(bom).ShouldBeFalse();
    }

    [Fact]
    public async Task A_valid_BOM_of_another_shape_is_left_to_the_full_schema()
    {
        // The fixture carries a dependency graph, a data component and model card datasets: valid, but not the plain shape.
        var bom = Fixture();

        (await SchemaAcceptsAsync(bom)).ShouldBeTrue();
        CycloneDxQuickCheck.IsPlainlyValid(bom).ShouldBeFalse();
    }

    [Fact]
    public async Task On_random_mutations_of_a_plain_BOM_the_quick_check_never_accepts_what_the_schema_refuses()
    {
        var random = new Random(20261207);
        JsonNode?[] replacements = [null, 0, -1, 1.5, true, "", "x", "SHA-256", "machine-learning-model", "urn:uuid:0", new JsonObject(), new JsonArray()];
        int quickAccepted = 0, schemaRefused = 0;
        for (var i = 0; i < 300; i++)
        {
            var bom = Plain();
            var (parent, key, index) = PickNode(bom, random);
            var replacement = random.Next(5) == 0 ? null : replacements[random.Next(replacements.Length)]?.DeepClone();
            var remove = replacement is null && random.Next(2) == 0;
            if (parent is JsonObject o)
            {
                if (remove) o.Remove(key!);
                else o[key!] = replacement;
            }
            else if (parent is JsonArray a)
            {
                if (remove) a.RemoveAt(index);
                else a[index] = replacement;
            }

            var quick = CycloneDxQuickCheck.IsPlainlyValid(bom);
            var schema = await SchemaAcceptsAsync(bom);
            if (quick) schema.ShouldBeTrue($"the quick check accepted what the schema refuses: {bom.ToJsonString()}");
            quickAccepted += quick ? 1 : 0;
            schemaRefused += schema ? 0 : 1;
        }
        // The mutations exercise both sides: many refused, some (a description emptied, a version changed) still plain and valid.
        schemaRefused.ShouldBeGreaterThan(100);
        quickAccepted.ShouldBeGreaterThan(10);
    }

    // A random value in the BOM (not the root), as its parent and its key or index.
    private static (JsonNode Parent, string? Key, int Index) PickNode(JsonObject bom, Random random)
    {
        var all = new List<(JsonNode, string?, int)>();
        void Walk(JsonNode node)
        {
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o)
                {
                    all.Add((o, k, -1));
                    if (v is not null) Walk(v);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    all.Add((a, null, i));
                    if (a[i] is { } v) Walk(v);
                }
            }
        }
        Walk(bom);
        return all[random.Next(all.Count)];
    }

    /// <summary>The benchmark's BOM shape (bench/Attest.Benchmarks/ImportBenchmark.cs), small.</summary>
    private static class Benchmarks
    {
        public static string ImportBom(int n)
        {
            var components = new JsonArray();
            for (var i = 0; i < n; i++)
            {
                components.Add(new JsonObject
                {
                    ["type"] = "machine-learning-model",
                    ["bom-ref"] = $"model-{i}",
                    ["supplier"] = new JsonObject { ["name"] = "Northwind Talent AI" },
                    ["name"] = $"ranker-{i}",
                    ["version"] = $"1.{i % 100}.{i}",
                    ["description"] = $"Ranking model number {i}.",
                    ["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["id"] = "Apache-2.0" } }),
                    ["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = new string('a', 64) }),
                    ["externalReferences"] = new JsonArray(new JsonObject { ["type"] = "distribution", ["url"] = $"https://models.example/ranker-{i}" }),
                    ["modelCard"] = new JsonObject { ["modelParameters"] = new JsonObject { ["task"] = "text-classification", ["architectureFamily"] = "transformer" } },
                });
            }
            return new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6", ["version"] = 1, ["components"] = components }.ToJsonString();
        }
    }
}
