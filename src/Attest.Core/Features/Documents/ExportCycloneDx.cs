using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>
/// A system's AI bill of materials as CycloneDX 1.6 JSON: the system as the BOM's subject, each model
/// version a <c>machine-learning-model</c> component with a model card (task, training datasets,
/// performance metrics from the latest stored fairness report, use cases), each dataset a <c>data</c>
/// component, and the dependencies between them.
/// </summary>
public sealed class ExportCycloneDx(AttestDbContext db, BlobStore blobs, TimeProvider time)
{
    public async Task<Result<JsonObject>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().Include(s => s.ModelVersions).ThenInclude(m => m.TrainingDatasets).ThenInclude(t => t.Dataset)
            .FirstOrDefaultAsync(s => s.Id == systemIdOrSlug || s.Slug == systemIdOrSlug, ct);
        if (system is null) return Result<JsonObject>.NotFound($"No AI system '{systemIdOrSlug}'.");

        var systemRef = $"system:{system.Slug}";
        var components = new JsonArray();
        var dependencies = new JsonArray();
        var datasets = new Dictionary<string, Dataset>(StringComparer.Ordinal);
        foreach (var m in system.ModelVersions.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            var trained = m.TrainingDatasets.Where(t => t.Dataset is not null).Select(t => t.Dataset!).OrderBy(d => d.Slug, StringComparer.Ordinal).ToArray();
            foreach (var d in trained) datasets[d.Id] = d;
            var fairness = await StoredFairness.LatestAsync(db, blobs, system.Id, m.Id, ct);
            var component = new JsonObject
            {
                ["type"] = "machine-learning-model",
                ["bom-ref"] = $"model:{m.Label}",
                ["name"] = m.Name,
                ["version"] = m.Version,
            };
            if (m.ProviderName is not null) component["supplier"] = new JsonObject { ["name"] = m.ProviderName };
            if (m.License is not null) component["licenses"] = new JsonArray(new JsonObject { ["license"] = new JsonObject { ["name"] = m.License } });
            if (m.ArtifactSha256 is not null) component["hashes"] = new JsonArray(new JsonObject { ["alg"] = "SHA-256", ["content"] = m.ArtifactSha256 });
            if (m.ArtifactUri is not null && Uri.TryCreate(m.ArtifactUri, UriKind.Absolute, out _))
                component["externalReferences"] = new JsonArray(new JsonObject { ["type"] = "distribution", ["url"] = m.ArtifactUri });
            var card = new JsonObject
            {
                ["modelParameters"] = new JsonObject
                {
                    ["task"] = m.Kind == ModelKind.Predictive ? "classification" : SnakeCase.FromEnum(m.Kind),
                    ["datasets"] = new JsonArray(trained.Select(d => (JsonNode)new JsonObject { ["ref"] = $"data:{d.Slug}" }).ToArray()),
                },
            };
            if (fairness is not null)
                card["quantitativeAnalysis"] = new JsonObject { ["performanceMetrics"] = Metrics(fairness) };
            if (!string.IsNullOrWhiteSpace(system.IntendedUse))
                card["considerations"] = new JsonObject { ["useCases"] = new JsonArray(system.IntendedUse) };
            component["modelCard"] = card;
            component["properties"] = new JsonArray(
                new JsonObject { ["name"] = "attest:model_version_id", ["value"] = m.Id },
                new JsonObject { ["name"] = "attest:provider", ["value"] = SnakeCase.FromEnum(m.Provider) });
            components.Add(component);
            dependencies.Add(new JsonObject { ["ref"] = $"model:{m.Label}", ["dependsOn"] = new JsonArray(trained.Select(d => (JsonNode)JsonValue.Create($"data:{d.Slug}")).ToArray()) });
        }
        foreach (var d in datasets.Values.OrderBy(d => d.Slug, StringComparer.Ordinal))
        {
            components.Add(new JsonObject
            {
                ["type"] = "data",
                ["bom-ref"] = $"data:{d.Slug}",
                ["name"] = d.Name,
                ["data"] = new JsonArray(new JsonObject { ["type"] = "dataset", ["name"] = d.Slug, ["description"] = $"Source: {d.Source}" }),
            });
        }
        dependencies.Insert(0, new JsonObject { ["ref"] = systemRef, ["dependsOn"] = new JsonArray(system.ModelVersions.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal).Select(m => (JsonNode)JsonValue.Create($"model:{m.Label}")).ToArray()) });

        var now = time.GetUtcNow();
        var bom = new JsonObject
        {
            ["bomFormat"] = "CycloneDX",
            ["specVersion"] = "1.6",
            ["serialNumber"] = "urn:uuid:" + SerialFor(system.Id, now),
            ["version"] = 1,
            ["metadata"] = new JsonObject
            {
                ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["tools"] = new JsonObject { ["components"] = new JsonArray(new JsonObject { ["type"] = "application", ["name"] = "Attest" }) },
                ["component"] = new JsonObject
                {
                    ["type"] = "application",
                    ["bom-ref"] = systemRef,
                    ["name"] = system.Name,
                    ["description"] = system.Purpose,
                },
            },
            ["components"] = components,
            ["dependencies"] = dependencies,
        };
        return Result<JsonObject>.Ok(bom);
    }

    private static JsonArray Metrics(FairnessEvidence f)
    {
        var metrics = new JsonArray();
        foreach (var name in FairnessEvidence.Headline.Where(f.Overall.ContainsKey))
        {
            var metric = new JsonObject { ["type"] = name, ["value"] = Number(f.Overall[name]) };
            if (f.OverallCi.TryGetValue(name, out var ci)) metric["confidenceInterval"] = new JsonObject { ["lowerBound"] = Number(ci[0]), ["upperBound"] = Number(ci[1]) };
            metrics.Add(metric);
        }
        foreach (var feature in f.Features)
            foreach (var group in feature.Groups)
                foreach (var name in FairnessEvidence.Headline.Where(group.Metrics.ContainsKey))
                {
                    var metric = new JsonObject { ["type"] = name, ["value"] = Number(group.Metrics[name]), ["slice"] = $"{feature.Name}={group.Name}" };
                    if (group.Ci.TryGetValue(name, out var ci)) metric["confidenceInterval"] = new JsonObject { ["lowerBound"] = Number(ci[0]), ["upperBound"] = Number(ci[1]) };
                    metrics.Add(metric);
                }
        return metrics;
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // The same system exported at the same instant gets the same serial number (a name-based UUID, RFC 9562 version 8).
    private static string SerialFor(string systemId, DateTimeOffset at)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{systemId}|{at.UtcTicks}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString("D");
    }
}
