using Attest.Core.Data;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>A release request: the system, optionally its model version, and the lifecycle transition to review.</summary>
public sealed record ReleaseRequestInput
{
    public string? System { get; init; }
    public string? ModelVersion { get; init; }
    public GateStage? Stage { get; init; }
}

public sealed record SignOffInput
{
    public string? Specialty { get; init; }
    public SignOffDecision? Decision { get; init; }
    public string? Rationale { get; init; }
}

public sealed record DecisionInput
{
    public BoardDecision? Decision { get; init; }
    public string? Rationale { get; init; }
    /// <summary>For a conditional go: what must still happen, who owns it and by when; each becomes a tracked action.</summary>
    public IReadOnlyList<ConditionInput>? Conditions { get; init; }
}

public sealed record ConditionInput
{
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public DateOnly? DueOn { get; init; }
    /// <summary>The unmet gate requirements this condition answers (<c>control:ATT-RISK-01</c>, …).</summary>
    public IReadOnlyList<string>? Answers { get; init; }
}

/// <summary>A condition of a conditional go and the tracked action that follows it up.</summary>
public sealed record ConditionDto(string Description, string Owner, DateOnly DueOn, string? ActionId = null, TrackedActionStatus? Status = null, IReadOnlyList<string>? Answers = null);

public sealed record AssignmentDto(string Specialty, string Reason, SignOffDecision? LatestDecision, string? LatestBy);

public sealed record SignOffDto(string Id, string Specialty, SignOffDecision Decision, string Rationale, string SignedBy, DateTimeOffset SignedAt);

public sealed record ReleaseReviewDto(
    string Id, string SystemId, string? ModelVersion, GateStage Stage, RiskTier Tier, ReviewStatus Status,
    string RequestedBy, DateTimeOffset RequestedAt, DateOnly DueOn,
    BoardDecision? Decision, string? DecisionRationale, string? DecidedBy, DateTimeOffset? DecidedAt,
    IReadOnlyList<ConditionDto> Conditions, string? ResidualRiskAcceptedBy, string? PinnedGateSha256,
    IReadOnlyList<AssignmentDto> Assignments, IReadOnlyList<SignOffDto> SignOffs, int Version,
    DateTimeOffset? LapsedAt = null, string? LapsedByAssessment = null);

public sealed record WaiverInput
{
    public string? System { get; init; }
    public string? ModelVersion { get; init; }
    public string? Control { get; init; }
    public string? Justification { get; init; }
    public string? CompensatingControls { get; init; }
    public string? RiskOwner { get; init; }
    public DateOnly? ExpiresOn { get; init; }
}

public sealed record WaiverDto(
    string Id, string SystemId, string? ModelVersionId, string Control, string Justification, string CompensatingControls, string RiskOwner,
    DateOnly ExpiresOn, WaiverState State, string RequestedBy, DateTimeOffset RequestedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt,
    string? RejectedBy, DateTimeOffset? RejectedAt, string? RejectionReason, int Version)
{
    public static WaiverDto From(Waiver w) => new(w.Id, w.SystemId, w.ModelVersionId, w.ControlId, w.Justification, w.CompensatingControls, w.RiskOwner,
        w.ExpiresOn, w.State, w.RequestedBy, w.RequestedAt, w.ApprovedBy, w.ApprovedAt, w.RejectedBy, w.RejectedAt, w.RejectionReason, w.Version);
}

public sealed record WaiverRejectionInput
{
    public string? Reason { get; init; }
}
