using Attest.Core.Data;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Incidents;

public sealed record IncidentInput
{
    public string? ModelVersion { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public IncidentSeverity? Severity { get; init; }
    /// <summary>When it happened; now when not given. Never in the future.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
}

public sealed record IncidentClosureInput
{
    public string? Resolution { get; init; }
}

public sealed record IncidentDto(
    string Id, string SystemId, string? ModelVersionId, string? ModelVersion, string Title, string? Description,
    IncidentSeverity Severity, IncidentStatus Status, DateTimeOffset OccurredAt, string ReportedBy, DateTimeOffset ReportedAt,
    string? Resolution, string? ClosedBy, DateTimeOffset? ClosedAt, int Version)
{
    public static IncidentDto From(Incident i) => new(i.Id, i.SystemId, i.ModelVersionId, i.ModelVersionLabel, i.Title, i.Description,
        i.Severity, i.Status, i.OccurredAt, i.ReportedBy, i.ReportedAt, i.Resolution, i.ClosedBy, i.ClosedAt, i.Version);
}
