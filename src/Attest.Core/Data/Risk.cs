using Attest.Engine.Gates;

namespace Attest.Core.Data;

/// <summary>How likely a risk is to materialise (optional; severity is what gates judge).</summary>
public enum RiskLikelihood { Rare, Unlikely, Possible, Likely, AlmostCertain }

/// <summary>
/// One entry of a system's risk register (optionally of one model version): what could go wrong, how bad, how it
/// is treated, and — once accepted — who accepted the residual risk and why. Gates judge open risks at or above
/// their floor; accepting a high or critical risk takes an executive approver who did not record it.
/// </summary>
public sealed class Risk
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public string? ModelVersionId { get; set; }
    public string? ModelVersionLabel { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public RiskSeverity Severity { get; set; }
    public RiskLikelihood? Likelihood { get; set; }
    public RiskTreatment Treatment { get; set; }
    public string? Mitigation { get; set; }
    /// <summary>The control of the library the risk relates to (and whose frameworks it touches).</summary>
    public string? ControlId { get; set; }
    public required string Owner { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public string? AcceptanceRationale { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }
}
