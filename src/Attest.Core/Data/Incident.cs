using Attest.Engine.Gates;
using Attest.Engine.Incidents;

namespace Attest.Core.Data;

/// <summary>
/// Something that went wrong with a system in use (optionally with one model version). Open incidents at or above a
/// gate's floor block it; closing one needs a resolution, and a severe or critical one its post-incident review. When it
/// occurred and when the organisation became aware of it are kept apart, because legal reporting clocks (EU AI Act
/// Art 73, GDPR Art 33) run from awareness, not occurrence.
/// </summary>
public sealed class Incident
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public string? ModelVersionId { get; set; }
    public string? ModelVersionLabel { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public IncidentSeverity Severity { get; set; }
    public IncidentStatus Status { get; set; }
    /// <summary>A category of the incident taxonomy (data/incidents/taxonomy.yaml).</summary>
    public string Category { get; set; } = "other";
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>When the organisation became aware of it: the clocks run from here.</summary>
    public DateTimeOffset AwareAt { get; set; }
    /// <summary>Who handles it (a person's name or e-mail).</summary>
    public string? Owner { get; set; }
    /// <summary>The harm that makes it a serious incident (EU AI Act Art 3(49)); null when it is not serious.</summary>
    public SeriousHarm? Serious { get; set; }
    public bool WidespreadInfringement { get; set; }
    public bool PersonalDataBreach { get; set; }
    public required string ReportedBy { get; set; }
    /// <summary>When the incident was reported to Attest.</summary>
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset? TriagedAt { get; set; }
    public DateTimeOffset? ContainedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>Obligations recorded as met: JSON list of <c>{regime, obligation, met_at, by, note}</c>.</summary>
    public string ObligationsJson { get; set; } = "[]";
    /// <summary>Containment steps taken: JSON list of <c>{kind, detail, at, by}</c>.</summary>
    public string ContainmentJson { get; set; } = "[]";
    /// <summary>The post-incident review's root-cause category (taxonomy root_causes); null until reviewed.</summary>
    public string? RootCause { get; set; }
    public string? GovernanceGap { get; set; }
    public string? ReviewSummary { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
    public string? Resolution { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }
}
