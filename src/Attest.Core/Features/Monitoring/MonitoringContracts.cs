using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Engine.Classification;
using Attest.Engine.Signals;

namespace Attest.Core.Features.Monitoring;

public sealed record SavedPlanDto(int Version, string Sha256, int Signals, int Routes);

/// <summary>A plan version as read back: the document without secrets, and whether a test delivery has reached every route.</summary>
public sealed record MonitoringPlanView(string System, int Version, string Sha256, JsonObject Plan, string CreatedBy, DateTimeOffset CreatedAt,
    bool Operational, DateTimeOffset? OperationalAt, IReadOnlyList<int> Versions);

public sealed record SignalRunDto(string Id, string Kind, string Metric, double? Value, double? Lower, double? Upper, long N, string Status, double Threshold,
    string Comparator, string Target, string? Alert, string Summary);

public sealed record MonitoringRunDto(string System, int PlanVersion, DateTimeOffset EvaluatedAt, string ModelVersion, IReadOnlyList<SignalRunDto> Signals);

public sealed record SeriesPointDto(DateTimeOffset EvaluatedAt, double? Value, double? Lower, double? Upper, long N, string Status, string ModelVersion,
    double Threshold, string Comparator, string Target, string? Alert);

public sealed record SignalSeriesDto(string System, string Signal, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SeriesPointDto> Points);

public sealed record AlertDto(string Id, string System, string Signal, string Target, string Kind, string Metric, string Severity, string State, int Count,
    double? Value, double Threshold, string Comparator, string ModelVersion, DateTimeOffset OpenedAt, DateTimeOffset LastBreachAt,
    string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt, string? ResolvedBy, DateTimeOffset? ResolvedAt, string? Resolution, string? Incident, int Version)
{
    public static AlertDto From(MonitoringAlert a, string systemSlug) => new(a.Id, systemSlug, a.SignalId, a.Target, a.Kind, a.Metric, WireName.Of(a.Severity),
        WireName.Of(a.State), a.Count, a.LastValue, a.Threshold, a.Comparator, a.ModelVersionLabel, a.OpenedAt, a.LastBreachAt, a.AcknowledgedBy,
        a.AcknowledgedAt, a.ResolvedBy, a.ResolvedAt, a.Resolution, a.IncidentId, a.Version);
}

public sealed record AlertPage(IReadOnlyList<AlertDto> Items, int Total, int Page, int PageSize);

public sealed record DeliveryDto(string Id, string? Alert, string Event, string RouteKind, string Destination, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastResponse, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt)
{
    public static DeliveryDto From(AlertDelivery d) => new(d.Id, d.AlertId, d.Event, d.RouteKind, d.Destination, WireName.Of(d.State), d.Attempts,
        d.CreatedAt, d.LastAttemptAt, d.LastStatus, d.LastResponse, d.DeliveredAt, d.NextAttemptAt);
}

public sealed record TestDeliveryDto(string System, int PlanVersion, bool Operational, IReadOnlyList<DeliveryDto> Deliveries);

/// <summary>One observed outcome: of a decision by its id, or by its system and external id.</summary>
public sealed record OutcomeInput
{
    public string? Decision { get; init; }
    public string? System { get; init; }
    public string? ExternalId { get; init; }
    public System.Text.Json.JsonElement? Outcome { get; init; }
    public DateTimeOffset? ObservedAt { get; init; }
}

public sealed record OutcomesInput
{
    public IReadOnlyList<OutcomeInput>? Outcomes { get; init; }
}

public sealed record OutcomesResultDto(int Recorded, int Unchanged, IReadOnlyList<string> Systems);

public sealed record AlertActionInput
{
    public string? Note { get; init; }
}
