using Attest.Core.Data;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Risks;

/// <summary>A new entry of a system's risk register.</summary>
public sealed record RiskInput
{
    public string? ModelVersion { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public RiskSeverity? Severity { get; init; }
    public RiskLikelihood? Likelihood { get; init; }
    /// <summary>open (default) or mitigated (with a mitigation); acceptance goes through accept.</summary>
    public RiskTreatment? Treatment { get; init; }
    public string? Mitigation { get; init; }
    public string? Control { get; init; }
    public string? Owner { get; init; }
}

/// <summary>A change to a risk: only the fields given change.</summary>
public sealed record RiskUpdateInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public RiskSeverity? Severity { get; init; }
    public RiskLikelihood? Likelihood { get; init; }
    /// <summary>open or mitigated (with a mitigation); acceptance goes through accept.</summary>
    public RiskTreatment? Treatment { get; init; }
    public string? Mitigation { get; init; }
    public string? Control { get; init; }
    public string? Owner { get; init; }
}

public sealed record RiskAcceptanceInput
{
    public string? Rationale { get; init; }
}

public sealed record RiskDto(
    string Id, string SystemId, string? ModelVersionId, string? ModelVersion, string Title, string? Description,
    RiskSeverity Severity, RiskLikelihood? Likelihood, RiskTreatment Treatment, string? Mitigation, string? Control, string Owner,
    string RecordedBy, DateTimeOffset RecordedAt, string? UpdatedBy, DateTimeOffset? UpdatedAt,
    string? AcceptedBy, DateTimeOffset? AcceptedAt, string? AcceptanceRationale, int Version)
{
    public static RiskDto From(Risk r) => new(r.Id, r.SystemId, r.ModelVersionId, r.ModelVersionLabel, r.Title, r.Description,
        r.Severity, r.Likelihood, r.Treatment, r.Mitigation, r.ControlId, r.Owner, r.RecordedBy, r.RecordedAt, r.UpdatedBy, r.UpdatedAt,
        r.AcceptedBy, r.AcceptedAt, r.AcceptanceRationale, r.Version);
}
