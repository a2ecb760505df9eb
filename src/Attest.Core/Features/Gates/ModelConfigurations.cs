using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>The configuration facts material-change rules compare, read from the inventory.</summary>
internal static class ModelConfigurations
{
    public static ModelConfiguration Of(AiSystem system, ModelVersion version, IReadOnlyList<Deployment> deployments, IReadOnlyDictionary<string, double>? metrics = null)
    {
        var config = ParseConfig(version.ConfigJson);
        string[] One(string? value) => string.IsNullOrWhiteSpace(value) ? [] : [value];
        string[] FromConfig(string key, params string?[] fallback)
        {
            if (config.TryGetValue(key, out var v))
                return v.ValueKind == JsonValueKind.Array
                    ? v.EnumerateArray().Select(e => e.ToString()).Order(StringComparer.Ordinal).ToArray()
                    : One(v.ToString());
            return fallback.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!).Take(1).ToArray();
        }
        var mine = deployments.Where(d => d.ModelVersionId == version.Id).ToList();
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [ConfigurationFields.TrainingDataSource] = version.TrainingDatasets.Select(t => t.Dataset?.Slug ?? t.DatasetId).Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.LabelPolicy] = FromConfig("label_policy"),
            [ConfigurationFields.Architecture] = FromConfig("architecture"),
            [ConfigurationFields.ModelFamily] = FromConfig("model_family", version.Name),
            [ConfigurationFields.PromptTemplateHash] = One(version.PromptTemplateSha256),
            [ConfigurationFields.RetrievalCorpus] = One(version.RetrievalCorpusSha256),
            [ConfigurationFields.SafetyFilterPolicy] = FromConfig("safety_filter_policy"),
            [ConfigurationFields.UserPopulations] = config.ContainsKey("user_populations") ? FromConfig("user_populations") : system.UserPopulations.Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.DeploymentRegions] = mine.Select(d => d.Region).Distinct().Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.DeploymentEnvironments] = mine.Select(d => Engine.Classification.WireName.Of(d.Environment)).Distinct().Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.IntendedPurpose] = FromConfig("intended_purpose", system.IntendedUse, system.Purpose),
            [ConfigurationFields.ThirdPartyProvider] = One(version.ProviderName),
            [ConfigurationFields.ThirdPartyModel] = FromConfig("third_party_model"),
            [ConfigurationFields.Jurisdictions] = system.Jurisdictions.Order(StringComparer.Ordinal).ToArray(),
        };
        return new ModelConfiguration(version.Label, fields, metrics ?? new Dictionary<string, double>());
    }

    /// <summary>The configuration as pinned at approval (<see cref="ToJson"/>).</summary>
    public static string ToJson(ModelConfiguration config) => JsonSerializer.Serialize(new PinnedConfiguration(config.Version, config.Fields, config.Metrics), AttestJson.Options);

    public static ModelConfiguration FromJson(string json)
    {
        var pinned = JsonSerializer.Deserialize<PinnedConfiguration>(json, AttestJson.Options)
            ?? throw new InvalidDataException("An approved configuration is empty.");
        return new ModelConfiguration(pinned.Version, pinned.Fields, pinned.Metrics ?? new Dictionary<string, double>());
    }

    private sealed record PinnedConfiguration(string Version, IReadOnlyDictionary<string, IReadOnlyList<string>> Fields, IReadOnlyDictionary<string, double>? Metrics);

    private static Dictionary<string, JsonElement> ParseConfig(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
