using Attest.Engine.Signals;

namespace Attest.Core.Data;

/// <summary>
/// One version of a system's monitoring plan (format attest.monitoring-plan/v1). The newest version is the plan in force.
/// Route secrets are kept apart from the document (never returned) so deliveries can be signed. The plan is operational
/// once a test delivery reached every route.
/// </summary>
public sealed class MonitoringPlanVersion
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public int Version { get; set; }
    /// <summary>The normalised plan as canonical JSON, without secrets; <see cref="Sha256"/> is its SHA-256.</summary>
    public required string DocumentJson { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>JSON array with one secret (or null) per route, in route order.</summary>
    public required string SecretsJson { get; set; }
    public required string SourceFormat { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? OperationalAt { get; set; }
    public long LedgerSeq { get; set; }
}

/// <summary>
/// When a signal of the plan in force is next due, and who holds the lease on evaluating it. A scheduler claims a due
/// signal with one conditional update (due and unleased → leased, next due moved on), so of several instances exactly one
/// evaluates each due slot.
/// </summary>
public sealed class MonitoringSchedule
{
    public required string SystemId { get; set; }
    public required string SignalId { get; set; }
    public int PlanVersion { get; set; }
    public DateTimeOffset NextDueAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? LastEvaluatedAt { get; set; }
}

/// <summary>One evaluation of a signal: a point of its time series (per signal and model version in production then).</summary>
public sealed class MonitoringPoint
{
    public long Id { get; set; }
    public required string SystemId { get; set; }
    public required string SignalId { get; set; }
    public int PlanVersion { get; set; }
    public required string ModelVersionLabel { get; set; }
    public DateTimeOffset EvaluatedAt { get; set; }
    public double? Value { get; set; }
    public double? Lower { get; set; }
    public double? Upper { get; set; }
    public long N { get; set; }
    public SignalStatus Status { get; set; }
    public double Threshold { get; set; }
    public required string Comparator { get; set; }
    public required string Target { get; set; }
    public string? AlertId { get; set; }
    /// <summary>What triggered it: schedule or run (on demand).</summary>
    public required string Trigger { get; set; }
}

/// <summary>
/// A signal past its threshold: one per system × signal × target while open or acknowledged (a repeat counts up).
/// open → acknowledged → resolved, or resolved automatically after enough healthy evaluations in a row.
/// </summary>
public sealed class MonitoringAlert
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public required string SignalId { get; set; }
    public required string Target { get; set; }
    public required string Kind { get; set; }
    public required string Metric { get; set; }
    public AlertSeverity Severity { get; set; }
    public AlertState State { get; set; }
    public int Count { get; set; }
    public double? LastValue { get; set; }
    public double Threshold { get; set; }
    public required string Comparator { get; set; }
    public required string ModelVersionLabel { get; set; }
    public int HealthyStreak { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset LastBreachAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? Resolution { get; set; }
    public string? IncidentId { get; set; }
    /// <summary>Non-null while open or acknowledged: makes "one active alert per system × signal × target" a unique index.</summary>
    public string? ActiveKey { get; set; }
    public int Version { get; set; }
}

public enum DeliveryState { Pending, Delivered, Failed }

/// <summary>One message to one route (an alert, or a test): attempts with exponential backoff, and the last response.</summary>
public sealed class AlertDelivery
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public string? AlertId { get; set; }
    public int PlanVersion { get; set; }
    public int RouteIndex { get; set; }
    public required string RouteKind { get; set; }
    public required string Destination { get; set; }
    public required string Event { get; set; }
    public required string Body { get; set; }
    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastResponse { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}
