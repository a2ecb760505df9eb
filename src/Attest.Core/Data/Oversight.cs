using Attest.Engine.Oversight;

namespace Attest.Core.Data;

public enum PolicyStatus { Proposed, InForce, Superseded }

/// <summary>
/// One version of a system's oversight policy (format attest.oversight-policy/v1): proposed by someone, in force once a
/// second person approves it, superseded by the next version that comes into force (or by a newer proposal before that).
/// </summary>
public sealed class OversightPolicyVersion
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public int Version { get; set; }
    public PolicyStatus Status { get; set; }
    /// <summary>The normalised policy document as canonical JSON; <see cref="Sha256"/> is its SHA-256.</summary>
    public required string DocumentJson { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>The text as it was proposed (YAML or JSON), for people to read.</summary>
    public required string SourceText { get; set; }
    public required string SourceFormat { get; set; }
    public required string ProposedBy { get; set; }
    public DateTimeOffset ProposedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public DateTimeOffset? SupersededAt { get; set; }
    /// <summary>Threshold changes from the version in force when it was proposed (JSON array of sentences).</summary>
    public string ChangesJson { get; set; } = "[]";
    /// <summary>Whether those changes are material (a high or critical tier system): then only a governance lead approves it.</summary>
    public bool Material { get; set; }
    /// <summary>The ledger entries that recorded the proposal and the approval (for traces).</summary>
    public long ProposedSeq { get; set; }
    public long? ApprovedSeq { get; set; }
    public int RowVersion { get; set; }
}

/// <summary>
/// One production decision as logged: what the system sent, what Attest routed, and where it sits in its batch's Merkle
/// tree. The hashed fields never change; <see cref="Outcome"/> is room for the ground truth monitoring will record later.
/// </summary>
public sealed class DecisionRow
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public required string ModelVersionId { get; set; }
    public required string ModelVersionLabel { get; set; }
    public string? DeploymentId { get; set; }
    public required string ExternalId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string InputDigest { get; set; }
    /// <summary>The raw input (canonical JSON), only when the policy in force says store_inputs.</summary>
    public string? InputJson { get; set; }
    public required string Output { get; set; }
    public bool OutputIsNumber { get; set; }
    public double? Confidence { get; set; }
    /// <summary>Canonical JSON objects: factors (name → number), features (name → number or text), attributes (never shown).</summary>
    public required string FactorsJson { get; set; }
    public required string FeaturesJson { get; set; }
    public string? AttributesJson { get; set; }
    public string? AttributesSha256 { get; set; }
    public bool Ungoverned { get; set; }
    public DecisionRoute Route { get; set; }
    /// <summary>JSON array of reasons (fired rule ids, no_policy_in_force).</summary>
    public required string ReasonsJson { get; set; }
    public int? PolicyVersion { get; set; }
    public string? PolicySha256 { get; set; }
    /// <summary>The review opened when it was routed to a person.</summary>
    public string? QueueItemId { get; set; }
    /// <summary>SHA-256 of the canonical JSON of the decision as sent: the same external id with another body is a conflict.</summary>
    public required string BodySha256 { get; set; }
    public required string BatchId { get; set; }
    public int BatchIndex { get; set; }
    /// <summary>RFC 6962 leaf hash (32 bytes) of the decision's canonical JSON.</summary>
    public required byte[] LeafHash { get; set; }
    public required string RecordedBy { get; set; }
    /// <summary>The observed outcome (ground truth), for monitoring; not part of the hashed record.</summary>
    public string? Outcome { get; set; }
    public DateTimeOffset? OutcomeRecordedAt { get; set; }
    /// <summary>When the outcome was observed in the world (labels arrive days after the decision).</summary>
    public DateTimeOffset? OutcomeObservedAt { get; set; }
}

/// <summary>
/// A committed batch of decisions: its Merkle root is one ledger entry. Retention deletes a batch's decisions whole and
/// keeps this row, its root and its ledger entry for good; <see cref="PurgedAt"/> and <see cref="PurgedSeq"/> (the
/// <c>decisions.retention_applied</c> entry) say when.
/// </summary>
public sealed class DecisionBatch
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public int Count { get; set; }
    public required string FirstDecisionId { get; set; }
    public required string LastDecisionId { get; set; }
    public required string RootHash { get; set; }
    public long LedgerSeq { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset? PurgedAt { get; set; }
    public long? PurgedSeq { get; set; }
}

public enum ReviewItemState { Pending, Claimed, Confirmed, Overridden, Expired }

public enum ReviewOutcome { Confirmed, Overridden }

/// <summary>
/// A decision waiting for (or resolved by) a person: pending → claimed (a lease that runs out back to pending) →
/// confirmed | overridden, or expired past the configured limit. A resolution is never changed; an appeal opens a new
/// item that names the one before it.
/// </summary>
public sealed class ReviewItem
{
    public required string Id { get; set; }
    public required string DecisionId { get; set; }
    public required string SystemId { get; set; }
    /// <summary>Stored state: pending, claimed, confirmed or overridden. Lease end and expiry are read from the times.</summary>
    public ReviewItemState State { get; set; }
    public required string ReasonsJson { get; set; }
    public ReviewPriority Priority { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    /// <summary>After this the item is expired if nobody resolved it.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? LeaseExpiresAt { get; set; }
    public ReviewOutcome? Outcome { get; set; }
    public string? FinalOutput { get; set; }
    public bool FinalOutputIsNumber { get; set; }
    public string? Rationale { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>Whether the item was claimed before it was resolved (a review time exists).</summary>
    public DateTimeOffset? ReviewStartedAt { get; set; }
    /// <summary>For an appeal: why, who asked, and the item it reopens (when the decision had been reviewed).</summary>
    public string? AppealReason { get; set; }
    public string? AppealedBy { get; set; }
    public string? PreviousItemId { get; set; }
    /// <summary>Copied from the decision so the queue filters and sorts without a join.</summary>
    public DateTimeOffset DecisionOccurredAt { get; set; }
    /// <summary>The ledger entries that opened (appeals) and resolved the item (for traces).</summary>
    public long? OpenedSeq { get; set; }
    public long? ResolvedSeq { get; set; }
    public int Version { get; set; }
}
