using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

public sealed record ModelVersionInput
{
    public string? Name { get; init; }
    public string? Version { get; init; }
    public ModelKind? Kind { get; init; }
    public ModelProvider? Provider { get; init; }
    public string? ProviderName { get; init; }
    public string? License { get; init; }
    public string? ArtifactUri { get; init; }
    public string? ArtifactSha256 { get; init; }
    /// <summary>Dataset ids or slugs.</summary>
    public List<string>? TrainingDatasets { get; init; }
    /// <summary>Hyper-parameters or LLM configuration: a flat JSON object.</summary>
    public JsonObject? Config { get; init; }
    public string? PromptTemplateSha256 { get; init; }
    public string? RetrievalCorpusSha256 { get; init; }
}

public sealed record ModelVersionDto(
    string Id, string SystemId, string SystemSlug, string Name, string Version, ModelKind Kind, ModelProvider Provider,
    string? ProviderName, string? License, string? ArtifactUri, string? ArtifactSha256, IReadOnlyList<DatasetRef> TrainingDatasets,
    JsonObject Config, string? PromptTemplateSha256, string? RetrievalCorpusSha256, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int RowVersion, JsonObject? ImportedMetadata = null);

internal static class ModelVersionMapping
{
    public static ModelVersionDto ToDto(this ModelVersion m, string systemSlug, IReadOnlyDictionary<string, Dataset> datasetsById) => new(
        m.Id, m.SystemId, systemSlug, m.Name, m.Version, m.Kind, m.Provider, m.ProviderName, m.License, m.ArtifactUri, m.ArtifactSha256,
        m.TrainingDatasets.Select(t => datasetsById[t.DatasetId]).OrderBy(d => d.Slug, StringComparer.Ordinal).Select(d => new DatasetRef(d.Id, d.Slug, d.Name)).ToList(),
        JsonNode.Parse(m.ConfigJson)!.AsObject(), m.PromptTemplateSha256, m.RetrievalCorpusSha256, m.CreatedAt, m.UpdatedAt, m.RowVersion,
        m.ImportedMetadataJson is null ? null : JsonNode.Parse(m.ImportedMetadataJson)!.AsObject());

    public static FieldErrors Validate(ModelVersionInput input)
    {
        var errors = new FieldErrors();
        errors.Required("name", input.Name);
        errors.MaxLength("name", input.Name, 128);
        errors.Required("version", input.Version);
        errors.MaxLength("version", input.Version, 64);
        if (input.Version is not null && input.Version.Contains('@', StringComparison.Ordinal)) errors.Add("version", "must not contain '@'");
        if (input.Name is not null && input.Name.Contains('@', StringComparison.Ordinal)) errors.Add("name", "must not contain '@'");
        if (input.Kind is null) errors.Add("kind", $"is required: {SnakeCase.Allowed<ModelKind>()}");
        if (input.Provider is null) errors.Add("provider", $"is required: {SnakeCase.Allowed<ModelProvider>()}");
        errors.MaxLength("provider_name", input.ProviderName, 200);
        errors.MaxLength("license", input.License, 200);
        errors.MaxLength("artifact_uri", input.ArtifactUri, 2000);
        if (input.ArtifactUri is not null && !Uri.TryCreate(input.ArtifactUri, UriKind.Absolute, out _)) errors.Add("artifact_uri", "must be an absolute URI (e.g. s3://bucket/model.onnx)");
        errors.Sha256("artifact_sha256", input.ArtifactSha256);
        errors.Sha256("prompt_template_sha256", input.PromptTemplateSha256);
        errors.Sha256("retrieval_corpus_sha256", input.RetrievalCorpusSha256);
        if (input.Config is { } config)
        {
            foreach (var (key, value) in config)
            {
                if (value is JsonObject or JsonArray) errors.Add($"config.{key}", "must be a string, number, boolean or null (config is a flat map)");
            }
            if (config.ToJsonString().Length > 64_000) errors.Add("config", "must be at most 64,000 characters of JSON");
        }
        if (input.TrainingDatasets is { Count: > 200 }) errors.Add("training_datasets", "must have at most 200 items");
        return errors;
    }

    public static void ApplyTo(this ModelVersionInput input, ModelVersion m, IReadOnlyList<Dataset> datasets)
    {
        m.Name = input.Name!.Trim();
        m.Version = input.Version!.Trim();
        m.Kind = input.Kind!.Value;
        m.Provider = input.Provider!.Value;
        m.ProviderName = Blank(input.ProviderName);
        m.License = Blank(input.License);
        m.ArtifactUri = Blank(input.ArtifactUri);
        m.ArtifactSha256 = input.ArtifactSha256;
        m.PromptTemplateSha256 = input.PromptTemplateSha256;
        m.RetrievalCorpusSha256 = input.RetrievalCorpusSha256;
        m.ConfigJson = (input.Config ?? []).ToJsonString(new JsonSerializerOptions());
        var wanted = datasets.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        m.TrainingDatasets.RemoveAll(t => !wanted.Contains(t.DatasetId));
        foreach (var id in wanted.Where(id => m.TrainingDatasets.All(t => t.DatasetId != id)))
            m.TrainingDatasets.Add(new ModelTrainingDataset { ModelVersionId = m.Id, DatasetId = id });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
