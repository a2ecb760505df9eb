using Attest.Engine.Gates;

namespace Attest.Engine.Kpis;

/// <summary>A board decision on a release of the system, as the KPIs read it.</summary>
/// <param name="Approved">Go or conditional go.</param>
/// <param name="HighRisk">The release was reviewed at the high or critical tier.</param>
/// <param name="ReliesOnWaivers">The gate verdict pinned at decision time relied on a waiver.</param>
/// <param name="ResidualRiskAccepted">An executive approver's acceptance of the residual risk is on record.</param>
/// <param name="DueOn">The last day of the review's SLA.</param>
public sealed record KpiDecision(string ReviewId, DateTimeOffset RequestedAt, DateOnly DueOn, DateTimeOffset DecidedAt, bool Approved, bool HighRisk, bool ReliesOnWaivers, bool ResidualRiskAccepted);

/// <summary>An incident of the system, as the KPIs read it.</summary>
/// <param name="Serious">A serious incident (a serious harm, widespread infringement or personal-data breach).</param>
/// <param name="RootCause">The post-incident review's root cause; null until reviewed.</param>
/// <param name="ReviewedAt">When the post-incident review was recorded.</param>
public sealed record KpiIncident(string IncidentId, IncidentSeverity Severity, bool Serious, DateTimeOffset OccurredAt, DateTimeOffset AwareAt,
    DateTimeOffset? TriagedAt, string? RootCause, DateTimeOffset? ReviewedAt);

/// <summary>
/// An issue a pre-release check found (a near miss): a failed evaluation rule of a stored evaluation report, a red-team
/// category with unsafe answers in a stored red-team report. A no-go decision is the third kind; the calculator takes it
/// from <see cref="SystemKpiFacts.Decisions"/>.
/// </summary>
/// <param name="Source"><see cref="EvaluationRule"/> or <see cref="RedTeam"/> (or <see cref="NoGo"/> when listed by a report).</param>
/// <param name="Reference">The evidence id and rule or category (<c>ev_1#dp-ratio</c>), or the review id of a no-go.</param>
/// <param name="Detail">What failed, in words.</param>
/// <param name="FoundAt">When it was recorded.</param>
public sealed record KpiFinding(string Source, string Reference, string Detail, DateTimeOffset FoundAt)
{
    public const string EvaluationRule = "evaluation_rule";
    public const string RedTeam = "red_team";
    public const string NoGo = "no_go";
}

/// <summary>Where a system stands on its required controls today.</summary>
/// <param name="Required">Required controls, not counting those marked not applicable.</param>
/// <param name="Implemented">Required controls satisfied today (current evidence, recorded as done).</param>
/// <param name="WithCurrentEvidence">Required controls with valid evidence about the current model version.</param>
/// <param name="WithPipelineEvidence">Of those, the controls whose current evidence includes an item recorded by a pipeline (CLI, CI, evaluation run) rather than a manual upload.</param>
public sealed record ControlFacts(int Required, int Implemented, int WithCurrentEvidence, int WithPipelineEvidence)
{
    public static ControlFacts None { get; } = new(0, 0, 0, 0);
}

/// <summary>
/// Everything the KPIs need to know about one system, gathered by Core. Current facts (tier, stage, controls,
/// monitoring) are today's; dated facts (intake, decisions, incidents) are cut at the KPI's as-of time by the calculator.
/// </summary>
/// <param name="Tier">The internal risk tier (critical, high, medium, low); null while unassessed.</param>
/// <param name="Active">Not retired.</param>
/// <param name="InProduction">Deployed or being monitored.</param>
/// <param name="IntakeAt">When the first intake answers were given.</param>
/// <param name="FirstProductionDeployOn">The earliest day a production deployment went live, when recorded.</param>
/// <param name="Controls">Null while the system is unclassified (nothing is required of it yet).</param>
/// <param name="MonitoringCovered">In production with an operational plan watching the model (the monitoring coverage definition).</param>
/// <param name="Findings">Issues pre-release checks found (failed evaluation rules, red-team failures); no-go decisions are in <paramref name="Decisions"/>.</param>
public sealed record SystemKpiFacts(
    string SystemId, string? Tier, string BusinessUnit, bool Active, bool InProduction, DateTimeOffset? IntakeAt, DateOnly? FirstProductionDeployOn,
    IReadOnlyList<KpiDecision> Decisions, IReadOnlyList<KpiIncident> Incidents, ControlFacts? Controls, bool MonitoringCovered,
    IReadOnlyList<KpiFinding>? Findings = null)
{
    /// <summary>High or critical internal tier.</summary>
    public bool HighRisk => Tier is "high" or "critical";
}
