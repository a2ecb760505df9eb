namespace Attest.Core.Data;

public enum TrackedActionStatus { Open, Done }

/// <summary>A plain action, or one that proposes a new or changed control for the organisation's library.</summary>
public enum TrackedActionKind { General, ControlChange }

/// <summary>
/// Something that must still happen, with an owner and a due date: today the conditions of a conditional go, each
/// tracked until someone records it done (with a note of what was done). Overdue while open after its due day.
/// </summary>
public sealed class TrackedAction
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    /// <summary>The review whose conditional go set this condition.</summary>
    public string? ReviewId { get; set; }
    /// <summary>The incident whose post-incident review set this corrective action.</summary>
    public string? IncidentId { get; set; }
    public TrackedActionKind Kind { get; set; }
    /// <summary>For a control change: the proposed control as JSON (<c>{id, title, statement, ...}</c>).</summary>
    public string? ProposedControlJson { get; set; }
    /// <summary>The condition's position in the decision, so a review lists its conditions in the order decided.</summary>
    public int Sequence { get; set; }
    public required string Description { get; set; }
    public required string Owner { get; set; }
    public DateOnly DueOn { get; set; }
    public TrackedActionStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedBy { get; set; }
    public string? CompletionNote { get; set; }
    public int Version { get; set; }
}
