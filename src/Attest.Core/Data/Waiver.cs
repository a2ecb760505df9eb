using Attest.Engine.Gates;

namespace Attest.Core.Data;

/// <summary>
/// An exception for one control of a system (and optionally one model version): why, what compensates,
/// who owns the risk, until when. It counts in gates only once approved by someone other than the requester,
/// and only on or before its expiry day.
/// </summary>
public sealed class Waiver
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public string? ModelVersionId { get; set; }
    public required string ControlId { get; set; }
    public required string Justification { get; set; }
    public required string CompensatingControls { get; set; }
    public required string RiskOwner { get; set; }
    public DateOnly ExpiresOn { get; set; }
    public WaiverState State { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? RejectedBy { get; set; }
    public DateTimeOffset? RejectedAt { get; set; }
    /// <summary>Why the approver refused it: shown to the requester with the waiver.</summary>
    public string? RejectionReason { get; set; }
    public int Version { get; set; }
}
