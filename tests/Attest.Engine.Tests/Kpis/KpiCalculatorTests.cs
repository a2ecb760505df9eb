using Attest.Engine.Gates;
using Attest.Engine.Kpis;
using Attest.Engine.Tests.Training;

namespace Attest.Engine.Tests.Kpis;

/// <summary>
/// Every computed KPI over a five-system portfolio worked by hand (as of 2026-06-30 12:00 UTC):
/// A high/Risk in production since 2026-02-10, go on 02-01 (on time, risk accepted), a severe incident triaged in 20 h;
/// B critical/Risk in production since 01-15, go on 02-01 (late, relying on a waiver, no acceptance), a minor incident
/// triaged after 96 h whose root cause repeats A's; C low/Marketing, no-go on 03-11, an incident of this morning;
/// D unassessed/Marketing, nothing yet; E medium/Risk retired, an old critical incident triaged in 10 h.
/// </summary>
public sealed class KpiCalculatorTests
{
    private static readonly DateTimeOffset AsOf = At("2026-06-30T12:00:00Z");

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    private static KpiDefinition Def(string id, double target, KpiDirection direction = KpiDirection.AtLeast, KpiUnit unit = KpiUnit.Percent) =>
        new(id, id, "wording", "numerator", "denominator", unit, [KpiSegment.Tier, KpiSegment.BusinessUnit], target, direction, KpiFrequency.Monthly);

    private static KpiDecision Decision(string id, string requested, string due, string decided, bool approved, bool highRisk, bool waiver = false, bool accepted = false) =>
        new(id, At(requested), DateOnly.Parse(due, System.Globalization.CultureInfo.InvariantCulture), At(decided), approved, highRisk, waiver, accepted);

    private static readonly IReadOnlyList<SystemKpiFacts> Portfolio =
    [
        new("A", "high", "Risk", Active: true, InProduction: true, At("2026-01-01T00:00:00Z"), new DateOnly(2026, 2, 10),
            [Decision("r1", "2026-01-20T00:00:00Z", "2026-02-05", "2026-02-01T00:00:00Z", approved: true, highRisk: true, accepted: true)],
            [new KpiIncident("i1", IncidentSeverity.Severe, false, At("2026-05-31T00:00:00Z"), At("2026-06-01T00:00:00Z"), At("2026-06-01T20:00:00Z"), "data_drift", At("2026-06-05T00:00:00Z"))],
            new ControlFacts(Required: 4, Implemented: 3, WithCurrentEvidence: 3, WithPipelineEvidence: 2), MonitoringCovered: true),
        new("B", "critical", "Risk", true, true, At("2026-01-01T00:00:00Z"), new DateOnly(2026, 1, 15),
            [Decision("r2", "2026-01-10T00:00:00Z", "2026-01-30", "2026-02-01T00:00:00Z", approved: true, highRisk: true, waiver: true)],
            [new KpiIncident("i2", IncidentSeverity.Minor, false, At("2026-06-09T00:00:00Z"), At("2026-06-10T00:00:00Z"), At("2026-06-14T00:00:00Z"), "data_drift", At("2026-06-20T00:00:00Z"))],
            new ControlFacts(2, 1, 2, 0), false),
        new("C", "low", "Marketing", true, false, At("2026-03-01T00:00:00Z"), null,
            [Decision("r3", "2026-03-02T00:00:00Z", "2026-03-15", "2026-03-11T00:00:00Z", approved: false, highRisk: false)],
            [new KpiIncident("i3", IncidentSeverity.Moderate, false, At("2026-06-29T00:00:00Z"), At("2026-06-30T00:00:00Z"), null, null, null)],
            new ControlFacts(5, 5, 5, 5), false),
        new("D", null, "Marketing", true, false, null, null, [], [], null, false),
        new("E", "medium", "Risk", Active: false, InProduction: false, At("2025-01-01T00:00:00Z"), null,
            [Decision("r4", "2025-01-02T00:00:00Z", "2025-01-31", "2025-01-21T00:00:00Z", approved: true, highRisk: false)],
            [new KpiIncident("i4", IncidentSeverity.Critical, false, At("2025-11-30T00:00:00Z"), At("2025-12-01T00:00:00Z"), At("2025-12-01T10:00:00Z"), "process_gap", At("2025-12-10T00:00:00Z"))],
            new ControlFacts(1, 0, 0, 0), false),
    ];

    private static KpiValue Compute(KpiDefinition d, KpiSegmentFilter? segment = null, DateTimeOffset? asOf = null) =>
        KpiCalculator.ComputeAll([d], Portfolio, segment ?? KpiSegmentFilter.All, asOf ?? AsOf, TrainingCompletionTests.Facts).Single();

    private static void ShouldBe(KpiValue v, double numerator, double denominator, double value, KpiStatus status, string[] inNumerator, string[] inDenominator)
    {
        v.Numerator.ShouldBe(numerator);
        v.Denominator.ShouldBe(denominator);
        v.Value.ShouldBe(value);
        v.Status.ShouldBe(status);
        v.NumeratorSystems.ShouldBe(inNumerator);
        v.DenominatorSystems.ShouldBe(inDenominator);
    }

    [Fact]
    public void Rai_coverage_is_active_systems_with_a_tier_over_active_systems() =>
        ShouldBe(Compute(Def("rai_coverage", 100)), 3, 4, 75.0, KpiStatus.NotMet, ["A", "B", "C"], ["A", "B", "C", "D"]);

    [Fact]
    public void High_risk_review_coverage_counts_a_go_on_or_before_the_first_production_day()
    {
        ShouldBe(Compute(Def("high_risk_review_coverage", 100)), 1, 2, 50.0, KpiStatus.NotMet, ["A"], ["A", "B"]);
        ShouldBe(Compute(Def("high_risk_review_coverage", 100), asOf: At("2026-01-20T00:00:00Z")), 0, 2, 0.0, KpiStatus.NotMet, [], ["A", "B"]);
    }

    [Fact]
    public void Review_sla_attainment_is_decisions_on_or_before_their_due_day() =>
        ShouldBe(Compute(Def("review_sla_attainment", 90)), 3, 4, 75.0, KpiStatus.NotMet, ["A", "C", "E"], ["A", "B", "C", "E"]);

    [Fact]
    public void Time_to_decision_is_the_median_of_days_from_intake_with_the_90th_percentile()
    {
        var v = Compute(Def("time_to_decision_days", 30, KpiDirection.AtMost, KpiUnit.Days));
        v.Value.ShouldBe(25.5, "days 10, 20, 31, 31: the mean of the middle two");
        v.P90.ShouldBe(31, "nearest rank: the 4th of 4");
        v.Denominator.ShouldBe(4);
        v.Numerator.ShouldBeNull();
        v.Status.ShouldBe(KpiStatus.Met);
        v.Members.Select(m => (m.SystemId, m.Numerator)).ShouldBe([("A", 31), ("B", 31), ("C", 10), ("E", 20)]);

        var earlier = Compute(Def("time_to_decision_days", 30, KpiDirection.AtMost, KpiUnit.Days), asOf: At("2026-02-15T00:00:00Z"));
        earlier.Value.ShouldBe(31, "C's decision came later: days 20, 31, 31");
        earlier.Status.ShouldBe(KpiStatus.NotMet);
    }

    [Fact]
    public void Evidence_completeness_is_required_controls_with_current_evidence_of_active_decided_systems() =>
        ShouldBe(Compute(Def("evidence_completeness", 95)), 10, 11, 90.9, KpiStatus.NotMet, ["A", "B", "C"], ["A", "B", "C"]);

    [Fact]
    public void Monitoring_coverage_is_covered_production_systems_over_production_systems() =>
        ShouldBe(Compute(Def("monitoring_coverage", 95)), 1, 2, 50.0, KpiStatus.NotMet, ["A"], ["A", "B"]);

    [Fact]
    public void Incident_rate_is_incidents_of_the_last_91_days_per_active_system()
    {
        var v = Compute(Def("incident_rate", 0.1, KpiDirection.AtMost, KpiUnit.Rate));
        ShouldBe(v, 3, 4, 0.75, KpiStatus.NotMet, ["A", "B", "C"], ["A", "B", "C", "D"]);
    }

    [Fact]
    public void Triage_sla_adherence_counts_incidents_triaged_or_past_their_window()
    {
        // i1 severe: 20 h of 24 (in time); i2 minor: 96 h of 72 (late); i3 untriaged but its 72 h have not passed (left out);
        // i4 critical: 10 h of 24 (in time).
        ShouldBe(Compute(Def("triage_sla_adherence", 95)), 2, 3, 66.7, KpiStatus.NotMet, ["A", "E"], ["A", "B", "E"]);
        KpiCalculator.TriageWindow(Portfolio[1].Incidents[0]).ShouldBe(TimeSpan.FromHours(72));
        KpiCalculator.TriageWindow(Portfolio[1].Incidents[0] with { Serious = true }).ShouldBe(TimeSpan.FromHours(24));
    }

    [Fact]
    public void Repeat_finding_rate_matches_root_causes_across_the_whole_portfolio()
    {
        ShouldBe(Compute(Def("repeat_finding_rate", 10, KpiDirection.AtMost)), 2, 3, 66.7, KpiStatus.NotMet, ["A", "B"], ["A", "B", "E"]);
        ShouldBe(Compute(Def("repeat_finding_rate", 10, KpiDirection.AtMost), new KpiSegmentFilter(Tier: "critical")), 1, 1, 100.0, KpiStatus.NotMet, ["B"], ["B"]);
        ShouldBe(Compute(Def("repeat_finding_rate", 10, KpiDirection.AtMost), asOf: At("2026-06-10T00:00:00Z")), 0, 2, 0.0, KpiStatus.Met, [], ["A", "E"]);
    }

    [Fact]
    public void Risk_acceptance_and_waiver_dependency_are_over_approved_high_risk_releases()
    {
        ShouldBe(Compute(Def("risk_acceptance_documented", 100)), 1, 2, 50.0, KpiStatus.NotMet, ["A"], ["A", "B"]);
        ShouldBe(Compute(Def("waiver_dependency_rate", 10, KpiDirection.AtMost)), 1, 2, 50.0, KpiStatus.NotMet, ["B"], ["A", "B"]);
    }

    [Fact]
    public void Control_automation_and_implementation_are_over_the_controls_of_active_systems()
    {
        ShouldBe(Compute(Def("control_automation_rate", 50)), 7, 10, 70.0, KpiStatus.Met, ["A", "C"], ["A", "B", "C"]);
        ShouldBe(Compute(Def("control_implementation_coverage", 90)), 9, 11, 81.8, KpiStatus.NotMet, ["A", "B", "C"], ["A", "B", "C"]);
    }

    [Fact]
    public void A_kpi_without_facts_is_not_measured_and_has_no_value()
    {
        var v = Compute(Def("evaluation_compliance", 100));
        v.Status.ShouldBe(KpiStatus.NotMeasured);
        v.Value.ShouldBeNull();
        v.Numerator.ShouldBeNull();
        v.Members.ShouldBeEmpty();
        v.Reason.ShouldBe(KpiCalculator.NoFactsYet);
    }

    [Fact]
    public void A_kpi_with_nobody_in_its_denominator_is_not_measured()
    {
        var v = Compute(Def("monitoring_coverage", 95), new KpiSegmentFilter(BusinessUnit: "Marketing"));
        v.Status.ShouldBe(KpiStatus.NotMeasured);
        v.Value.ShouldBeNull();
        v.Denominator.ShouldBe(0);
        v.Reason.ShouldBe(KpiCalculator.EmptyDenominator);
    }

    [Fact]
    public void Segments_cut_by_tier_business_unit_and_unclassified()
    {
        ShouldBe(Compute(Def("rai_coverage", 100), new KpiSegmentFilter(BusinessUnit: "marketing")), 1, 2, 50.0, KpiStatus.NotMet, ["C"], ["C", "D"]);
        ShouldBe(Compute(Def("rai_coverage", 100), new KpiSegmentFilter(Tier: "high")), 1, 1, 100.0, KpiStatus.Met, ["A"], ["A"]);
        ShouldBe(Compute(Def("rai_coverage", 100), new KpiSegmentFilter(Tier: KpiSegmentFilter.Unclassified)), 0, 1, 0.0, KpiStatus.NotMet, [], ["D"]);
    }

    [Fact]
    public void Every_kpi_the_calculator_measures_is_computed_by_its_own_rule() =>
        KpiCalculator.Measured.ShouldAllBe(id => Compute(Def(id, 0)).Reason != KpiCalculator.NoFactsYet);

    [Theory]
    [InlineData(new[] { 5.0 }, 5.0, 5.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, 2.0, 3.0)]
    [InlineData(new[] { 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0 }, 5.5, 9.0)]
    public void Median_and_nearest_rank_percentile(double[] sorted, double median, double p90)
    {
        KpiCalculator.Median(sorted).ShouldBe(median);
        KpiCalculator.Percentile(sorted, 0.9).ShouldBe(p90);
    }

    [Theory]
    // The window is (asOf − 91 days, asOf]: a finding exactly 91 days back has left it, one at asOf is in.
    [InlineData("2026-03-31T12:00:00Z", 0)]
    [InlineData("2026-03-31T12:00:00.001Z", 1)]
    [InlineData("2026-06-30T12:00:00Z", 1)]
    [InlineData("2026-06-30T12:00:00.001Z", 0)]
    public void A_near_miss_counts_in_the_quarter_up_to_the_as_of_time(string found, int counted)
    {
        var system = new SystemKpiFacts("X", "low", "Risk", true, false, null, null, [], [], null, false,
            [new KpiFinding(KpiFinding.RedTeam, "ev_1#LLM01", "red team LLM01: 1 of 2 answers unsafe", At(found))]);
        KpiCalculator.NearMisses(system, AsOf - KpiCalculator.IssueWindow, AsOf).Count.ShouldBe(counted);
    }

    [Fact]
    public void Near_misses_are_findings_and_no_gos_and_escapes_are_incidents()
    {
        // C: its no-go of 03-11 is before the quarter up to 06-30 (from 03-31 12:00); a finding of 06-01 and its incident of 06-30 are in it.
        var c = Portfolio.Single(s => s.SystemId == "C") with { Findings = [new KpiFinding(KpiFinding.EvaluationRule, "ev_2#dp", "rule dp unmet", At("2026-06-01T00:00:00Z"))] };
        KpiCalculator.NearMisses(c, AsOf - KpiCalculator.IssueWindow, AsOf).Select(f => f.Reference).ShouldBe(["ev_2#dp"]);
        KpiCalculator.NearMisses(c, At("2026-03-01T00:00:00Z"), AsOf).Select(f => (f.Source, f.Reference)).ShouldBe([(KpiFinding.NoGo, "r3"), (KpiFinding.EvaluationRule, "ev_2#dp")]);
        KpiCalculator.Escapes(c, AsOf - KpiCalculator.IssueWindow, AsOf).Select(i => i.IncidentId).ShouldBe(["i3"]);
        var capture = KpiCalculator.Compute(Def("near_miss_capture", 80), [c], new KpiSegmentFilter(), AsOf);
        (capture.Numerator, capture.Denominator, capture.Value).ShouldBe((1.0, 2.0, 50.0));
        var escape = KpiCalculator.Compute(Def("post_release_escape_rate", 20, KpiDirection.AtMost), [c], new KpiSegmentFilter(), AsOf);
        (escape.Numerator, escape.Denominator, escape.Value, escape.Status).ShouldBe((1.0, 2.0, 50.0, KpiStatus.NotMet));
    }
}
