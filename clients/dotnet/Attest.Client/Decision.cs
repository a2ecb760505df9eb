using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Attest.Client;

/// <summary>
/// One production decision as a system logs it (<c>POST /api/v1/decisions</c>). <see cref="ExternalId"/> is the
/// idempotency key: a resent decision is answered as a duplicate with its original result.
/// </summary>
public sealed record Decision
{
    /// <summary>The AI system's slug or id.</summary>
    [JsonPropertyName("system")] public required string System { get; init; }

    /// <summary>The model version that decided, as <c>name@version</c> or its id.</summary>
    [JsonPropertyName("model_version")] public required string ModelVersion { get; init; }

    /// <summary>The deployment it ran in (optional).</summary>
    [JsonPropertyName("deployment")] public string? Deployment { get; init; }

    /// <summary>The system's own id for this decision (at most 200 characters).</summary>
    [JsonPropertyName("external_id")] public required string ExternalId { get; init; }

    [JsonPropertyName("occurred_at")] public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The input, stored only when the policy says so; its digest always is. Give this or <see cref="InputDigest"/>.</summary>
    [JsonPropertyName("input")] public JsonNode? Input { get; init; }

    /// <summary>The SHA-256 (hex) of the input, when the input itself must not leave the system.</summary>
    [JsonPropertyName("input_digest")] public string? InputDigest { get; init; }

    /// <summary>The output, text or number (a string or number converts implicitly to a <see cref="JsonNode"/>).</summary>
    [JsonPropertyName("output")] public required JsonNode Output { get; init; }

    /// <summary>The model's confidence in [0, 1].</summary>
    [JsonPropertyName("confidence")] public double? Confidence { get; init; }

    /// <summary>Explanation factors (name → weight) shown to a reviewer.</summary>
    [JsonPropertyName("factors")] public IReadOnlyDictionary<string, double>? Factors { get; init; }

    /// <summary>Features (name → number or text) for range rules and drift monitoring.</summary>
    [JsonPropertyName("features")] public IReadOnlyDictionary<string, JsonNode?>? Features { get; init; }

    /// <summary>Protected attributes, for fairness monitoring only: reviewers never see them.</summary>
    [JsonPropertyName("attributes")] public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}

/// <summary>What Attest answers for a logged decision: may the system act on it, or must a person look?</summary>
public sealed record DecisionResult
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("external_id")] public string ExternalId { get; init; } = "";

    /// <summary><c>auto</c> or <c>human_review</c>.</summary>
    [JsonPropertyName("route")] public string Route { get; init; } = "";

    /// <summary>The ids of the policy rules that sent it to a person.</summary>
    [JsonPropertyName("reasons")] public IReadOnlyList<string> Reasons { get; init; } = [];

    [JsonPropertyName("policy_version")] public int? PolicyVersion { get; init; }

    /// <summary>The review item, when the route is <c>human_review</c>.</summary>
    [JsonPropertyName("queue_item")] public string? QueueItem { get; init; }

    [JsonPropertyName("due_at")] public DateTimeOffset? DueAt { get; init; }

    /// <summary>True when this external id was logged before with the same body: the original answer.</summary>
    [JsonPropertyName("duplicate")] public bool Duplicate { get; init; }

    /// <summary>True when the model version had no approval in force when the decision occurred.</summary>
    [JsonPropertyName("ungoverned")] public bool Ungoverned { get; init; }

    /// <summary>Whether a person must look before the system acts.</summary>
    [JsonIgnore] public bool NeedsHumanReview => Route == "human_review";
}

/// <summary>A review item (an appeal opens one).</summary>
public sealed record ReviewItem
{
    [JsonPropertyName("id")] public string Id { get; init; } = "";
    [JsonPropertyName("decision")] public string Decision { get; init; } = "";
    [JsonPropertyName("system")] public string System { get; init; } = "";
    [JsonPropertyName("state")] public string State { get; init; } = "";
    [JsonPropertyName("reasons")] public IReadOnlyList<string> Reasons { get; init; } = [];
    [JsonPropertyName("priority")] public string Priority { get; init; } = "";
    [JsonPropertyName("due_at")] public DateTimeOffset DueAt { get; init; }
}

internal sealed record BatchBody([property: JsonPropertyName("decisions")] IReadOnlyList<Decision> Decisions);

internal sealed record BatchAnswer
{
    [JsonPropertyName("results")] public IReadOnlyList<DecisionResult> Results { get; init; } = [];
}

internal sealed record AppealBody([property: JsonPropertyName("reason")] string Reason);
