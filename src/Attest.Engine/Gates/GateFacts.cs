using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Gates;

/// <summary>
/// Everything a gate decision looks at, gathered by the caller (database, bundle or test). The evaluation
/// is a pure function of these facts and <see cref="Today"/>; nothing is read while deciding.
/// </summary>
public sealed record GateFacts
{
    public required string System { get; init; }
    public string? ModelVersion { get; init; }
    public required DateOnly Today { get; init; }
    public IReadOnlyList<ControlFact> Controls { get; init; } = [];
    public IReadOnlyList<EvaluationMeasurement> Measurements { get; init; } = [];
    /// <summary>Per OWASP category (and <c>*</c> for all probes), what the newest valid red-team report counted.</summary>
    public IReadOnlyList<RedTeamMeasurement> RedTeam { get; init; } = [];
    public IReadOnlyList<RequiredSignOff> RequiredSignOffs { get; init; } = [];
    public IReadOnlyList<SignOffFact> SignOffs { get; init; } = [];
    public IReadOnlyList<RiskFact> Risks { get; init; } = [];
    public IReadOnlyList<WaiverFact> Waivers { get; init; } = [];
    public IReadOnlyList<IncidentFact> Incidents { get; init; } = [];
}

/// <summary>A control the system requires, where it stands, and the latest evidence collected for it.</summary>
public sealed record ControlFact(
    string ControlId,
    string Title,
    ControlStatus Status,
    IReadOnlyList<string> Frameworks,
    IReadOnlyList<string> EvidenceTypes,
    int RenewalMonths,
    DateOnly? LatestEvidenceOn = null,
    string? LatestEvidenceId = null,
    DateOnly? EvidenceValidUntil = null,
    string? LatestEvidenceSha256 = null)
{
    /// <summary>
    /// The day the latest evidence must be renewed by; from then on it is stale. The evidence's own
    /// valid-until day decides when it is known; otherwise the control's renewal period from collection.
    /// </summary>
    public DateOnly? RenewalDue => EvidenceValidUntil?.AddDays(1) ?? LatestEvidenceOn?.AddMonths(RenewalMonths);
}

/// <summary>
/// One measured value from evaluation evidence: an overall metric (no feature), a disparity of a feature
/// (feature, no group) or a per-group metric / impact ratio (feature and group), as the policy rules address them.
/// </summary>
public sealed record EvaluationMeasurement(
    string Metric,
    string? Feature,
    string? Group,
    double Value,
    long N,
    Interval? Interval = null,
    string? EvidenceId = null);

/// <summary>A specialist review intake routing asks for (privacy, security, legal, fairness, safety).</summary>
public sealed record RequiredSignOff(string Specialty, string Reason);

public enum SignOffDecision { Approve, RequestChanges, Reject }

/// <summary>The latest sign-off of a specialty on this release.</summary>
public sealed record SignOffFact(string Specialty, SignOffDecision Decision, string By);

public enum RiskTreatment { Open, Mitigated, Accepted }

public sealed record RiskFact(string RiskId, string Title, RiskSeverity Severity, RiskTreatment Treatment, string? ControlId = null);

public enum WaiverState { Requested, Approved, Rejected, Revoked }

/// <summary>A waiver of one control; it counts only while approved and on or before its expiry day.</summary>
public sealed record WaiverFact(string WaiverId, string ControlId, WaiverState State, DateOnly ExpiresOn)
{
    public bool IsValidOn(DateOnly day) => State == WaiverState.Approved && day <= ExpiresOn;

    public bool HasExpiredOn(DateOnly day) => State == WaiverState.Approved && day > ExpiresOn;
}

public sealed record IncidentFact(string IncidentId, string Title, IncidentSeverity Severity, bool Open);
