namespace Attest.Core.Data;

/// <summary>
/// A recorded material-change assessment: when a model version is registered or its configuration changes, it is
/// compared with the configuration the board approved; material → the approval does not cover it (or lapses, when
/// the approved version itself changed), not material → recorded with every trigger checked. Never updated.
/// </summary>
public sealed class MaterialChangeRecord
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public required string ModelVersionId { get; set; }
    public required string CandidateLabel { get; set; }
    public required string ApprovedModelVersionId { get; set; }
    public required string ApprovedLabel { get; set; }
    /// <summary>The go or conditional-go review whose approval the candidate was compared with.</summary>
    public required string ApprovedReviewId { get; set; }
    /// <summary>What prompted the assessment: registered, updated, deployment or evaluation.</summary>
    public required string Cause { get; set; }
    public bool Material { get; set; }
    /// <summary>True when this assessment made the approved review's approval lapse.</summary>
    public bool LapsedApproval { get; set; }
    public string FiredJson { get; set; } = "[]";
    public string ChecksJson { get; set; } = "[]";
    public string DiffJson { get; set; } = "[]";
    public string MetricDiffJson { get; set; } = "[]";
    public DateTimeOffset AssessedAt { get; set; }
    public required string AssessedBy { get; set; }
}
