using Attest.Engine.Inventory;

namespace Attest.Core.Data;

/// <summary>One version of a model (or LLM application, or agent) that belongs to an AI system.</summary>
public sealed class ModelVersion
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public AiSystem? System { get; set; }
    public required string Name { get; set; }
    public required string Version { get; set; }
    public ModelKind Kind { get; set; }
    public ModelProvider Provider { get; set; }
    public string? ProviderName { get; set; }
    public string? License { get; set; }
    public string? ArtifactUri { get; set; }
    public string? ArtifactSha256 { get; set; }
    /// <summary>Hyper-parameters or LLM configuration as a flat JSON object.</summary>
    public string ConfigJson { get; set; } = "{}";
    public string? PromptTemplateSha256 { get; set; }
    public string? RetrievalCorpusSha256 { get; set; }
    /// <summary>
    /// Metadata imported from a Hugging Face model card (base model, datasets, languages, tags, pipeline tag,
    /// library, model-index results) as a JSON object; null until a card is imported. Kept apart from
    /// <see cref="ConfigJson"/>, which is the model's own flat configuration.
    /// </summary>
    public string? ImportedMetadataJson { get; set; }
    public int RowVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<ModelTrainingDataset> TrainingDatasets { get; set; } = [];

    /// <summary>"name@version", how people and deployments refer to it.</summary>
    public string Label => $"{Name}@{Version}";
}

/// <summary>Lineage edge: a model version was trained (or tuned, or grounded) on a dataset.</summary>
public sealed class ModelTrainingDataset
{
    public required string ModelVersionId { get; set; }
    public required string DatasetId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    public Dataset? Dataset { get; set; }
}
