using Attest.Engine.Gates;

namespace Attest.Core.Data;

public enum IncidentStatus { Open, Closed }

/// <summary>
/// Something that went wrong with a system in use (optionally with one model version). Open incidents at or above a
/// gate's floor block it; closing one needs a resolution. When it occurred and when Attest learnt of it are kept
/// apart, because legal reporting clocks (e.g. EU AI Act Art. 73) run from awareness, not occurrence.
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
    public DateTimeOffset OccurredAt { get; set; }
    public required string ReportedBy { get; set; }
    /// <summary>When the incident was reported to Attest: the earliest provable awareness.</summary>
    public DateTimeOffset ReportedAt { get; set; }
    public string? Resolution { get; set; }
    public string? ClosedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }
}
