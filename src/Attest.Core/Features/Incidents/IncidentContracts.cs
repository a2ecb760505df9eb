using Attest.Engine.Gates;
using Attest.Engine.Incidents;

namespace Attest.Core.Features.Incidents;

public sealed record IncidentInput
{
    public string? ModelVersion { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public IncidentSeverity? Severity { get; init; }
    /// <summary>A category of the incident taxonomy; "other" when not given.</summary>
    public string? Category { get; init; }
    /// <summary>When it happened; the awareness time (or now) when not given. Never in the future.</summary>
    public DateTimeOffset? OccurredAt { get; init; }
    /// <summary>When the organisation became aware of it; now when not given. Not before occurred_at, never in the future.</summary>
    public DateTimeOffset? AwareAt { get; init; }
    public string? Owner { get; init; }
    /// <summary>The harm that makes it serious (EU AI Act Art 3(49)); absent when it is not serious.</summary>
    public SeriousHarm? Serious { get; init; }
    public bool? WidespreadInfringement { get; init; }
    public bool? PersonalDataBreach { get; init; }
}

public sealed record IncidentClosureInput
{
    public string? Resolution { get; init; }
}

/// <summary>A move of the workflow: the status to go to, with a note.</summary>
public sealed record IncidentMoveInput
{
    public IncidentStatus? Status { get; init; }
    public string? Note { get; init; }
    /// <summary>Needed when the move closes the incident.</summary>
    public string? Resolution { get; init; }
}

/// <summary>That an obligation was met (triage done, report sent), and when; now when not given.</summary>
public sealed record ObligationMetInput
{
    public ClockRegime? Regime { get; init; }
    public string? Obligation { get; init; }
    public DateTimeOffset? MetAt { get; init; }
    public string? Note { get; init; }
}

/// <summary>One deadline as callers see it. <c>due_at</c> never later than the law allows; <c>last_day_ends_at</c> per Reg. 1182/71.</summary>
public sealed record IncidentDeadlineDto(
    ClockRegime Regime, string Obligation, string Label, string Citation, string Period, DateTimeOffset DueAt,
    DateTimeOffset? LastDayEndsAt, DateTimeOffset? MetAt, DeadlineState State, double HoursLeft);

/// <summary>A containment step recorded on the incident.</summary>
public sealed record ContainmentStepDto(string Kind, string Detail, DateTimeOffset At, string By);

/// <summary>The post-incident review.</summary>
public sealed record IncidentReviewDto(
    string RootCause, string RootCauseName, string GovernanceGap, string? Summary, string ReviewedBy, DateTimeOffset ReviewedAt,
    IReadOnlyList<string> CorrectiveActions);

public sealed record IncidentDto(
    string Id, string SystemId, string? ModelVersionId, string? ModelVersion, string Title, string? Description,
    IncidentSeverity Severity, IncidentStatus Status, DateTimeOffset OccurredAt, string ReportedBy, DateTimeOffset ReportedAt,
    string? Resolution, string? ClosedBy, DateTimeOffset? ClosedAt, int Version)
{
    public string Category { get; init; } = "other";
    public string CategoryName { get; init; } = "Other";
    public IReadOnlyList<string> OecdHarmTypes { get; init; } = [];
    public DateTimeOffset AwareAt { get; init; }
    public string? Owner { get; init; }
    public SeriousHarm? Serious { get; init; }
    public bool WidespreadInfringement { get; init; }
    public bool PersonalDataBreach { get; init; }
    /// <summary>The system is classified high-risk under the EU AI Act (Art 73 applies).</summary>
    public bool HighRisk { get; init; }
    public DateTimeOffset? TriagedAt { get; init; }
    public DateTimeOffset? ContainedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public IReadOnlyList<IncidentDeadlineDto> Deadlines { get; init; } = [];
    public IReadOnlyList<ContainmentStepDto> Containment { get; init; } = [];
    public IncidentReviewDto? Review { get; init; }
    /// <summary>Incidents of other systems with the same root cause within 12 months: a repeat finding when not empty.</summary>
    public IReadOnlyList<string> RepeatOf { get; init; } = [];
    public bool RepeatFinding => RepeatOf.Count > 0;
    /// <summary>The statuses the workflow allows next.</summary>
    public IReadOnlyList<IncidentStatus> NextStatuses { get; init; } = [];
}
