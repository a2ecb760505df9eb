using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Attest.Engine.Training;

namespace Attest.Engine.Kpis;

/// <summary>
/// Computes the programme's KPIs from the facts Core gathers. Pure and deterministic: the same facts, segment and as-of
/// time give the same numbers. Each value is built from per-system members (what each system adds to the numerator and
/// the denominator), so the number and the systems behind it cannot disagree. A KPI with no facts yet, or with no system
/// in its denominator, is not measured and has no value.
/// </summary>
public static class KpiCalculator
{
    /// <summary>The KPIs this version computes; every other defined KPI is not measured (its facts do not exist yet).</summary>
    public static readonly IReadOnlySet<string> Measured = new HashSet<string>(StringComparer.Ordinal)
    {
        "rai_coverage", "high_risk_review_coverage", "review_sla_attainment", "time_to_decision_days", "evidence_completeness",
        "monitoring_coverage", "incident_rate", "triage_sla_adherence", "repeat_finding_rate", "risk_acceptance_documented",
        "waiver_dependency_rate", "control_automation_rate", "control_implementation_coverage", "training_completion",
        "near_miss_capture", "post_release_escape_rate",
    };

    /// <summary>Incidents count towards the rate over the 91 days up to the as-of time (a quarter).</summary>
    public static readonly TimeSpan IncidentRateWindow = TimeSpan.FromDays(91);

    /// <summary>
    /// Issues count towards <c>near_miss_capture</c> and <c>post_release_escape_rate</c> over the 91 days up to the as-of
    /// time (a quarter, their frequency): a finding by when it was recorded, a no-go by its decision, an incident by awareness.
    /// </summary>
    public static readonly TimeSpan IssueWindow = TimeSpan.FromDays(91);

    /// <summary>
    /// The issues pre-release checks caught for a system in the window ending at <paramref name="asOf"/>: its findings
    /// (failed evaluation rules, red-team categories with unsafe answers) and its no-go decisions, oldest first. The one
    /// rule of what a near miss is: the KPIs and the executive report read it.
    /// </summary>
    public static IReadOnlyList<KpiFinding> NearMisses(SystemKpiFacts system, DateTimeOffset from, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(system);
        return [.. (system.Findings ?? []).Where(f => f.FoundAt > from && f.FoundAt <= asOf)
            .Concat(system.Decisions.Where(d => !d.Approved && d.DecidedAt > from && d.DecidedAt <= asOf)
                .Select(d => new KpiFinding(KpiFinding.NoGo, d.ReviewId, "no-go", d.DecidedAt)))
            .OrderBy(f => f.FoundAt).ThenBy(f => f.Reference, StringComparer.Ordinal)];
    }

    /// <summary>The incidents of a system the organisation became aware of in the window ending at <paramref name="asOf"/>: issues that escaped to production.</summary>
    public static IReadOnlyList<KpiIncident> Escapes(SystemKpiFacts system, DateTimeOffset from, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(system);
        return [.. system.Incidents.Where(i => i.AwareAt > from && i.AwareAt <= asOf)];
    }

    /// <summary>Serious, severe and critical incidents are triaged within 24 hours; the others within 72.</summary>
    public static TimeSpan TriageWindow(KpiIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Serious || incident.Severity is IncidentSeverity.Severe or IncidentSeverity.Critical ? TimeSpan.FromHours(24) : TimeSpan.FromHours(72);
    }

    public const string NoFactsYet = "Attest does not record the facts this KPI needs yet.";
    public const string EmptyDenominator = "No system falls in the denominator.";

    public const string NoTrainingRecords = "No training records have been imported (attest training import).";
    public const string TrainingHasNoTier = "Training is counted per person, and people have no risk tier: segment it by business unit only.";

    /// <summary>
    /// Every definition's value, in the catalog's order. <paramref name="training"/>: the required courses and imported
    /// training records; null leaves training_completion not measured.
    /// </summary>
    public static IReadOnlyList<KpiValue> ComputeAll(IReadOnlyList<KpiDefinition> definitions, IReadOnlyList<SystemKpiFacts> portfolio, KpiSegmentFilter segment, DateTimeOffset asOf,
        TrainingFacts? training = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        return [.. definitions.Select(d => d.Id == "training_completion" ? TrainingCompletionValue(d, training, segment, asOf) : Compute(d, portfolio, segment, asOf))];
    }

    /// <summary>
    /// People who completed every course their roles require over people with a role that requires one (per person, not per
    /// system: the value has no member systems).
    /// </summary>
    public static KpiValue TrainingCompletionValue(KpiDefinition definition, TrainingFacts? training, KpiSegmentFilter segment, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(segment);
        if (training is null || training.Records.Count == 0)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, null, null, [], Reason: training is null ? NoFactsYet : NoTrainingRecords);
        if (segment.Tier is not null)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, null, null, [], Reason: TrainingHasNoTier);
        var people = TrainingCompletion.Standings(training, asOf, segment.BusinessUnit);
        if (people.Count == 0)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, 0, 0, [], Reason: "No person with a role that requires training is listed.");
        double complete = people.Count(p => p.Complete);
        var value = Math.Round(complete / people.Count * 100, 1, MidpointRounding.AwayFromZero);
        return new KpiValue(definition, definition.Meets(value) ? KpiStatus.Met : KpiStatus.NotMet, value, complete, people.Count, []);
    }

    /// <summary>
    /// One KPI over the systems of the segment. <paramref name="portfolio"/> is every system the reader may see: repeat
    /// findings are matched across all of them, members come from the segment only.
    /// </summary>
    public static KpiValue Compute(KpiDefinition definition, IReadOnlyList<SystemKpiFacts> portfolio, KpiSegmentFilter segment, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(portfolio);
        ArgumentNullException.ThrowIfNull(segment);
        var systems = portfolio.Where(segment.Includes).OrderBy(s => s.SystemId, StringComparer.Ordinal).ToList();
        return definition.Id switch
        {
            "rai_coverage" => Ratio(definition, systems.Where(s => s.Active).Select(s => Member(s, s.Tier is not null ? 1 : 0, 1))),
            "high_risk_review_coverage" => Ratio(definition, systems.Where(s => s.Active && s.InProduction && s.HighRisk)
                .Select(s => Member(s, ReviewedBeforeProduction(s, asOf) ? 1 : 0, 1))),
            "review_sla_attainment" => Ratio(definition, systems.Select(s =>
            {
                var decided = Decided(s, asOf).ToList();
                return Member(s, decided.Count(d => DateOnly.FromDateTime(d.DecidedAt.UtcDateTime) <= d.DueOn), decided.Count);
            })),
            "time_to_decision_days" => TimeToDecision(definition, systems, asOf),
            "evidence_completeness" => Ratio(definition, systems.Where(s => s.Active && s.Controls is not null && Decided(s, asOf).Any())
                .Select(s => Member(s, s.Controls!.WithCurrentEvidence, s.Controls.Required))),
            "monitoring_coverage" => Ratio(definition, systems.Where(s => s.InProduction).Select(s => Member(s, s.MonitoringCovered ? 1 : 0, 1))),
            "incident_rate" => IncidentRate(definition, systems, asOf),
            "triage_sla_adherence" => Ratio(definition, systems.Select(s =>
            {
                var due = s.Incidents.Where(i => i.AwareAt <= asOf && (Triaged(i, asOf) || i.AwareAt + TriageWindow(i) <= asOf)).ToList();
                return Member(s, due.Count(i => Triaged(i, asOf) && i.TriagedAt <= i.AwareAt + TriageWindow(i)), due.Count);
            })),
            "repeat_finding_rate" => RepeatFindingRate(definition, portfolio, systems, asOf),
            "risk_acceptance_documented" => Ratio(definition, systems.Select(s =>
            {
                var approved = ApprovedHighRisk(s, asOf).ToList();
                return Member(s, approved.Count(d => d.ResidualRiskAccepted), approved.Count);
            })),
            "waiver_dependency_rate" => Ratio(definition, systems.Select(s =>
            {
                var approved = ApprovedHighRisk(s, asOf).ToList();
                return Member(s, approved.Count(d => d.ReliesOnWaivers), approved.Count);
            })),
            "near_miss_capture" => Ratio(definition, systems.Select(s =>
            {
                var caught = NearMisses(s, asOf - IssueWindow, asOf).Count;
                return Member(s, caught, caught + Escapes(s, asOf - IssueWindow, asOf).Count);
            })),
            "post_release_escape_rate" => Ratio(definition, systems.Select(s =>
            {
                var escaped = Escapes(s, asOf - IssueWindow, asOf).Count;
                return Member(s, escaped, escaped + NearMisses(s, asOf - IssueWindow, asOf).Count);
            })),
            "control_automation_rate" => Ratio(definition, systems.Where(s => s.Active && s.Controls is not null)
                .Select(s => Member(s, s.Controls!.WithPipelineEvidence, s.Controls.WithCurrentEvidence))),
            "control_implementation_coverage" => Ratio(definition, systems.Where(s => s.Active && s.Controls is not null)
                .Select(s => Member(s, s.Controls!.Implemented, s.Controls.Required))),
            _ => new KpiValue(definition, KpiStatus.NotMeasured, null, null, null, [], Reason: NoFactsYet),
        };
    }

    private static KpiMember Member(SystemKpiFacts s, double numerator, double denominator) => new(s.SystemId, numerator, denominator);

    private static IEnumerable<KpiDecision> Decided(SystemKpiFacts s, DateTimeOffset asOf) => s.Decisions.Where(d => d.DecidedAt <= asOf);

    private static IEnumerable<KpiDecision> ApprovedHighRisk(SystemKpiFacts s, DateTimeOffset asOf) => Decided(s, asOf).Where(d => d.Approved && d.HighRisk);

    private static bool Triaged(KpiIncident i, DateTimeOffset asOf) => i.TriagedAt is { } t && t <= asOf;

    /// <summary>A go (or conditional go) on record by the as-of time, on or before the first production deployment's day when that day is recorded.</summary>
    private static bool ReviewedBeforeProduction(SystemKpiFacts s, DateTimeOffset asOf) =>
        Decided(s, asOf).Any(d => d.Approved && (s.FirstProductionDeployOn is not { } live || DateOnly.FromDateTime(d.DecidedAt.UtcDateTime) <= live));

    /// <summary>A share in percent: the members' numerators over their denominators; members that add nothing to the denominator are left out.</summary>
    private static KpiValue Ratio(KpiDefinition definition, IEnumerable<KpiMember> members)
    {
        var counted = members.Where(m => m.Denominator > 0).ToList();
        var numerator = counted.Sum(m => m.Numerator);
        var denominator = counted.Sum(m => m.Denominator);
        if (denominator == 0)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, 0, 0, counted, Reason: EmptyDenominator);
        var value = Math.Round(numerator / denominator * 100, 1, MidpointRounding.AwayFromZero);
        return new KpiValue(definition, definition.Meets(value) ? KpiStatus.Met : KpiStatus.NotMet, value, numerator, denominator, counted);
    }

    private static KpiValue IncidentRate(KpiDefinition definition, List<SystemKpiFacts> systems, DateTimeOffset asOf)
    {
        var members = systems.Where(s => s.Active)
            .Select(s => Member(s, s.Incidents.Count(i => i.AwareAt <= asOf && i.AwareAt > asOf - IncidentRateWindow), 1)).ToList();
        if (members.Count == 0)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, 0, 0, members, Reason: EmptyDenominator);
        var numerator = members.Sum(m => m.Numerator);
        var value = Math.Round(numerator / members.Count, 3, MidpointRounding.AwayFromZero);
        return new KpiValue(definition, definition.Meets(value) ? KpiStatus.Met : KpiStatus.NotMet, value, numerator, members.Count, members);
    }

    /// <summary>
    /// Reviewed incidents whose root cause recurred on another system within 12 months (<see cref="RepeatFindings.Flag"/>,
    /// the rule the repeat-findings list applies), over the reviewed incidents of the segment.
    /// </summary>
    private static KpiValue RepeatFindingRate(KpiDefinition definition, IReadOnlyList<SystemKpiFacts> portfolio, List<SystemKpiFacts> systems, DateTimeOffset asOf)
    {
        static IEnumerable<KpiIncident> Reviewed(SystemKpiFacts s, DateTimeOffset asOf) =>
            s.Incidents.Where(i => i.RootCause is not null && (i.ReviewedAt ?? i.AwareAt) <= asOf);
        var findings = portfolio.SelectMany(s => Reviewed(s, asOf).Select(i => new RootCauseFinding(i.IncidentId, s.SystemId, i.RootCause!, i.OccurredAt))).ToArray();
        var flagged = RepeatFindings.Flag(findings);
        return Ratio(definition, systems.Select(s =>
        {
            var reviewed = Reviewed(s, asOf).ToList();
            return Member(s, reviewed.Count(i => flagged.ContainsKey(i.IncidentId)), reviewed.Count);
        }));
    }

    /// <summary>Days from the first intake to the first decision after it: the median is the value, the 90th percentile (nearest rank) rides along.</summary>
    private static KpiValue TimeToDecision(KpiDefinition definition, List<SystemKpiFacts> systems, DateTimeOffset asOf)
    {
        var members = new List<KpiMember>();
        foreach (var s in systems)
        {
            if (s.IntakeAt is not { } intake)
                continue;
            var first = Decided(s, asOf).Where(d => d.DecidedAt >= intake).OrderBy(d => d.DecidedAt).FirstOrDefault();
            if (first is not null)
                members.Add(Member(s, Math.Round((first.DecidedAt - intake).TotalDays, 1, MidpointRounding.AwayFromZero), 1));
        }
        if (members.Count == 0)
            return new KpiValue(definition, KpiStatus.NotMeasured, null, null, 0, members, Reason: EmptyDenominator);
        var days = members.Select(m => m.Numerator).Order().ToArray();
        var median = Math.Round(Median(days), 1, MidpointRounding.AwayFromZero);
        return new KpiValue(definition, definition.Meets(median) ? KpiStatus.Met : KpiStatus.NotMet, median, null, members.Count, members, P90: Percentile(days, 0.9));
    }

    /// <summary>The median of sorted values: the middle one, or the mean of the two middle ones.</summary>
    public static double Median(IReadOnlyList<double> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile of sorted values: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
