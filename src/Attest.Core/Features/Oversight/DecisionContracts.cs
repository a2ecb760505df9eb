using System.Text.Json;
using System.Text.Json.Serialization;
using Attest.Core.Data;
using Attest.Engine.Oversight;

namespace Attest.Core.Features.Oversight;

/// <summary>What Attest answers for one logged decision: may the production system act on it, or must a person look?</summary>
/// <param name="Output">The output as sent (text or number).</param>
/// <param name="QueueItem">The review item when the route is human_review.</param>
/// <param name="Duplicate">True when this external id was logged before with the same body: the original answer.</param>
public sealed record DecisionResultDto(
    string Id,
    string ExternalId,
    DecisionRoute Route,
    IReadOnlyList<string> Reasons,
    int? PolicyVersion,
    string? QueueItem,
    DateTimeOffset? DueAt,
    bool Duplicate,
    bool Ungoverned);

/// <summary>The answer to a batch: how many were new, how many duplicates, and each result in input order.</summary>
public sealed record DecisionBatchResultDto(int Accepted, int Duplicates, IReadOnlyList<DecisionResultDto> Results);

/// <summary>What one ingest request gets back: a single result, or a batch's.</summary>
public sealed record IngestResponse(bool IsBatch, DecisionBatchResultDto Batch)
{
    public DecisionResultDto Single => Batch.Results[0];

    /// <summary>Whether anything new was written (201) or every decision was a duplicate (200).</summary>
    public bool Created => Batch.Accepted > 0;
}

/// <summary>A logged decision as people read it. Protected attributes are never shown; their digest is.</summary>
public sealed record DecisionDto(
    string Id,
    string SystemId,
    string System,
    string ExternalId,
    string ModelVersion,
    string ModelVersionId,
    string? Deployment,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string InputDigest,
    JsonElement? Input,
    JsonElement Output,
    double? Confidence,
    JsonElement Factors,
    JsonElement Features,
    bool HasAttributes,
    string? AttributesSha256,
    bool Ungoverned,
    DecisionRoute Route,
    IReadOnlyList<string> Reasons,
    int? PolicyVersion,
    string? PolicySha256,
    string? QueueItem,
    ReviewItemState? ReviewState,
    JsonElement? FinalOutput,
    string BatchId)
{
    /// <summary>The output a person gave in an override, or the model's own.</summary>
    [JsonIgnore]
    public string OutputText => Output.ValueKind == JsonValueKind.String ? Output.GetString()! : Output.GetRawText();
}

/// <summary>A page of decisions, newest first.</summary>
public sealed record DecisionPage(IReadOnlyList<DecisionDto> Items, int Total, int Page, int PageSize);
