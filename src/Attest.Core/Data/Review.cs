using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Data;

public enum ReviewStatus { Open, Decided }

public enum BoardDecision { Go, NoGo, ConditionalGo }

/// <summary>
/// A release request (system, model version, target stage) and the review board's work on it: assigned
/// specialist reviewers, a due date from the tier's SLA, and once decided, who decided what on which
/// evidence (the gate verdict and evidence ids with hashes, pinned at decision time).
/// </summary>
public sealed class Review
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public string? ModelVersionId { get; set; }
    public string? ModelVersionLabel { get; set; }
    public GateStage Stage { get; set; }
    public RiskTier Tier { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateOnly DueOn { get; set; }
    public ReviewStatus Status { get; set; }
    public BoardDecision? Decision { get; set; }
    public string? DecisionRationale { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    /// <summary>Conditions of a conditional go, as a JSON array of {description, owner, due_on}.</summary>
    public string ConditionsJson { get; set; } = "[]";
    /// <summary>The gate verdict the decision was taken on (attest gate --json), with the evidence ids and hashes it pinned.</summary>
    public string? PinnedGateJson { get; set; }
    public string? PinnedGateSha256 { get; set; }
    /// <summary>The executive approver who accepted the residual risk of a high-risk release.</summary>
    public string? ResidualRiskAcceptedBy { get; set; }
    /// <summary>
    /// The model version's configuration as approved (material-change fields, JSON), pinned at a go or conditional go
    /// so later versions and edits are compared with what the board saw.
    /// </summary>
    public string? ApprovedConfigurationJson { get; set; }
    /// <summary>When a material change to the approved model version made this approval lapse, and which assessment did.</summary>
    public DateTimeOffset? LapsedAt { get; set; }
    public string? LapsedByAssessment { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }

    public List<ReviewAssignment> Assignments { get; set; } = [];
    public List<ReviewSignOff> SignOffs { get; set; } = [];
    /// <summary>The conditions of a conditional go, as tracked actions.</summary>
    public List<TrackedAction> Actions { get; set; } = [];
}

/// <summary>A specialist review a release needs (from intake routing), and why.</summary>
public sealed class ReviewAssignment
{
    public required string ReviewId { get; set; }
    public required string Specialty { get; set; }
    public required string Reason { get; set; }
}

/// <summary>One reviewer's verdict for one specialty, with the rationale; the latest per specialty counts.</summary>
public sealed class ReviewSignOff
{
    public required string Id { get; set; }
    public required string ReviewId { get; set; }
    public required string Specialty { get; set; }
    public SignOffDecision Decision { get; set; }
    public required string Rationale { get; set; }
    public required string SignedBy { get; set; }
    public DateTimeOffset SignedAt { get; set; }
    /// <summary>The review's version this sign-off made; orders sign-offs given within the same millisecond.</summary>
    public int Sequence { get; set; }
}
