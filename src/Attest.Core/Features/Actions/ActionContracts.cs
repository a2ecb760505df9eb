using Attest.Core.Data;

namespace Attest.Core.Features.Actions;

/// <summary>A tracked action as callers see it; overdue while open after its due day.</summary>
public sealed record TrackedActionDto(
    string Id, string SystemId, string System, string? ReviewId, string Description, string Owner, DateOnly DueOn,
    TrackedActionStatus Status, bool Overdue, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset? CompletedAt, string? CompletedBy, string? CompletionNote, int Version)
{
    /// <summary>The incident whose post-incident review set this corrective action.</summary>
    public string? IncidentId { get; init; }
    public TrackedActionKind Kind { get; init; }
    /// <summary>For a control change: the proposed control.</summary>
    public global::System.Text.Json.JsonElement? ProposedControl { get; init; }

    public static TrackedActionDto From(TrackedAction a, string systemSlug, DateOnly today) => new(
        a.Id, a.SystemId, systemSlug, a.ReviewId, a.Description, a.Owner, a.DueOn, a.Status,
        a.Status == TrackedActionStatus.Open && today > a.DueOn, a.CreatedAt, a.CreatedBy, a.CompletedAt, a.CompletedBy, a.CompletionNote, a.Version)
    {
        IncidentId = a.IncidentId,
        Kind = a.Kind,
        ProposedControl = a.ProposedControlJson is null ? null : global::System.Text.Json.JsonDocument.Parse(a.ProposedControlJson).RootElement.Clone(),
    };
}

/// <summary>What was done to close an action.</summary>
public sealed record CompleteActionInput
{
    public string? Note { get; init; }
}
