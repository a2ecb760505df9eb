using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.Gates;

namespace Attest.Engine.Tests.Gates;

/// <summary>
/// One table per requirement kind. Expected reasons are the gate's own wording (the contract a person reads);
/// dates are counted by hand (12-month renewal of evidence collected 2025-06-01 is due 2026-06-01).
/// </summary>
public class GateEvaluatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static GateDefinition Gate(
        ControlRequirement? controls = null, GateEvaluationRule[]? rules = null, bool signOffs = false,
        RiskSeverity? risks = null, bool waivers = false, IncidentSeverity? incidents = null) => new()
        {
            Stage = GateStage.PreLaunch,
            Tier = RiskTier.High,
            Controls = controls,
            EvaluationRules = rules ?? [],
            SignOffs = signOffs,
            RisksFrom = risks,
            NoExpiredWaivers = waivers,
            IncidentsFrom = incidents,
        };

    private static ControlFact Control(ControlStatus status, DateOnly? evidenceOn = null) =>
        new("ATT-DATA-02", "Bias and fairness evaluation", status, ["eu-ai-act:art-10", "nist-ai-rmf:MEASURE-2.11"], ["fairness_report"], 12,
            evidenceOn, evidenceOn is null ? null : "ev_1");

    private static GateFacts Facts(params ControlFact[] controls) => new() { System = "credit-scoring", ModelVersion = "2.1.0", Today = Today, Controls = controls };

    public static TheoryData<string, ControlStatus, EvidenceRule, string?, WaiverFact[], bool, string> ControlCases => new()
    {
        { "not started", ControlStatus.NotStarted, EvidenceRule.Fresh, null, [], false, "ATT-DATA-02 (Bias and fairness evaluation) is not_started." },
        { "in progress", ControlStatus.InProgress, EvidenceRule.None, null, [], false, "ATT-DATA-02 (Bias and fairness evaluation) is in_progress." },
        { "satisfied, status only", ControlStatus.Satisfied, EvidenceRule.None, null, [], true, "ATT-DATA-02 is satisfied." },
        { "satisfied without evidence", ControlStatus.Satisfied, EvidenceRule.Any, null, [], false, "ATT-DATA-02 (Bias and fairness evaluation) is marked satisfied but has no fairness_report evidence." },
        { "old evidence is enough when freshness is not asked", ControlStatus.Satisfied, EvidenceRule.Any, "2025-06-01", [], true, "ATT-DATA-02 is satisfied by evidence ev_1 of 2025-06-01." },
        { "stale evidence", ControlStatus.Satisfied, EvidenceRule.Fresh, "2025-06-01", [], false,
            "ATT-DATA-02 (Bias and fairness evaluation): evidence ev_1 collected on 2025-06-01 was due for renewal on 2026-06-01 (every 12 months)." },
        { "due today is stale", ControlStatus.Satisfied, EvidenceRule.Fresh, "2025-11-23", [], false,
            "ATT-DATA-02 (Bias and fairness evaluation): evidence ev_1 collected on 2025-11-23 was due for renewal on 2026-11-23 (every 12 months)." },
        { "fresh evidence, one day before renewal", ControlStatus.Satisfied, EvidenceRule.Fresh, "2025-11-24", [], true, "ATT-DATA-02 is satisfied by evidence ev_1 of 2025-11-24." },
        { "valid waiver", ControlStatus.Waived, EvidenceRule.Fresh, null, [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 11, 23))], true,
            "ATT-DATA-02 is waived by wv_1 until 2026-11-23." },
        { "expired waiver reopens the control", ControlStatus.Waived, EvidenceRule.Fresh, null, [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 11, 22))], false,
            "ATT-DATA-02 (Bias and fairness evaluation): waiver wv_1 expired on 2026-11-22, so the control is open again." },
        { "requested waiver does not count", ControlStatus.Waived, EvidenceRule.Fresh, null, [new("wv_1", "ATT-DATA-02", WaiverState.Requested, new(2027, 1, 1))], false,
            "ATT-DATA-02 (Bias and fairness evaluation) is marked waived but no approved waiver is in force." },
        { "a valid waiver covers a not-started control", ControlStatus.NotStarted, EvidenceRule.Fresh, null, [new("wv_2", "ATT-DATA-02", WaiverState.Approved, new(2027, 1, 1))], true,
            "ATT-DATA-02 is waived by wv_2 until 2027-01-01." },
        { "not applicable", ControlStatus.NotApplicable, EvidenceRule.Fresh, null, [], true, "ATT-DATA-02 (Bias and fairness evaluation) is not applicable." },
    };

    [Theory]
    [MemberData(nameof(ControlCases))]
    public void Control_requirement(string name, ControlStatus status, EvidenceRule evidence, string? evidenceOn, WaiverFact[] waivers, bool met, string reason)
    {
        var facts = Facts(Control(status, evidenceOn is null ? null : DateOnly.Parse(evidenceOn, System.Globalization.CultureInfo.InvariantCulture))) with { Waivers = waivers };
        var result = GateEvaluator.Evaluate(Gate(controls: new ControlRequirement(evidence)), facts);
        var outcome = result.Requirements.ShouldHaveSingleItem(name);
        outcome.Requirement.ShouldBe("control:ATT-DATA-02");
        outcome.Kind.ShouldBe(RequirementKind.Control);
        outcome.Control.ShouldBe("ATT-DATA-02");
        outcome.Frameworks.ShouldBe(["eu-ai-act:art-10", "nist-ai-rmf:MEASURE-2.11"]);
        outcome.Met.ShouldBe(met, name);
        outcome.Reason.ShouldBe(reason);
        outcome.ByWaiver.ShouldBe(met && reason.Contains("is waived by", StringComparison.Ordinal));
        result.Decision.ShouldBe(met ? GateDecision.Go : GateDecision.NoGo);
    }

    [Fact]
    public void Only_the_listed_controls_are_checked_when_a_gate_names_them()
    {
        var other = Control(ControlStatus.NotStarted) with { ControlId = "ATT-GOV-01", Title = "AI policy" };
        var result = GateEvaluator.Evaluate(Gate(controls: new ControlRequirement(EvidenceRule.None, ["ATT-GOV-01"])), Facts(Control(ControlStatus.NotStarted), other));
        result.Requirements.Select(r => r.Requirement).ShouldBe(["control:ATT-GOV-01"]);
        result.Requirements[0].Remedy.ShouldBe("Put ATT-GOV-01 in place and mark it satisfied, or have a waiver approved.");
    }

    private static GateEvaluationRule Rule(string metric, string? feature, PolicyComparator comparator, double threshold,
        PolicyJudgement judge = PolicyJudgement.Point, long minN = 0, string? group = null) =>
        new(new PolicyRule("r1", metric, feature, group, comparator, threshold, judge, minN), "ATT-DATA-02");

    public static TheoryData<string, GateEvaluationRule, EvaluationMeasurement[], (string Id, bool Met, string Reason)[]> EvaluationCases => new()
    {
        { "impact ratio per group, one group below 0.8",
            Rule("impact_ratio", "*", PolicyComparator.GreaterOrEqual, 0.8),
            [new("impact_ratio", "race", "black", 0.72, 400, EvidenceId: "ev_9"), new("impact_ratio", "race", "white", 1.0, 600, EvidenceId: "ev_9")],
            [("evaluation:r1:race=black", false, "impact_ratio for race=black: value 0.72 violates >= 0.8 (evidence ev_9)."),
             ("evaluation:r1:race=white", true, "impact_ratio for race=white: value 1 meets >= 0.8 (evidence ev_9).")] },
        { "disparity of a named feature; other features ignored",
            Rule("demographic_parity_ratio", "sex", PolicyComparator.GreaterOrEqual, 0.8),
            [new("demographic_parity_ratio", "sex", null, 0.85, 120), new("demographic_parity_ratio", "race", null, 0.5, 120)],
            [("evaluation:r1:sex", true, "demographic_parity_ratio for sex: value 0.85 meets >= 0.8.")] },
        { "overall metric",
            Rule("accuracy", null, PolicyComparator.GreaterOrEqual, 0.9),
            [new("accuracy", null, null, 0.87, 1000)],
            [("evaluation:r1:overall", false, "accuracy for overall: value 0.87 violates >= 0.9.")] },
        { "CI rule judges the conservative (lower) bound",
            Rule("demographic_parity_ratio", "sex", PolicyComparator.GreaterOrEqual, 0.8, PolicyJudgement.ConfidenceBound),
            [new("demographic_parity_ratio", "sex", null, 0.85, 120, new Interval(0.78, 0.93))],
            [("evaluation:r1:sex", false, "demographic_parity_ratio for sex: CI lower bound 0.78 violates >= 0.8.")] },
        { "CI rule without an interval fails",
            Rule("demographic_parity_ratio", "sex", PolicyComparator.GreaterOrEqual, 0.8, PolicyJudgement.ConfidenceBound),
            [new("demographic_parity_ratio", "sex", null, 0.85, 120)],
            [("evaluation:r1:sex", false, "demographic_parity_ratio for sex: no bootstrap interval (run with --bootstrap N).")] },
        { "small group not judged, large group judged",
            Rule("selection_rate", "race", PolicyComparator.LessOrEqual, 0.5, minN: 30),
            [new("selection_rate", "race", "asian", 0.9, 12), new("selection_rate", "race", "white", 0.4, 600)],
            [("evaluation:r1:race=asian", true, "selection_rate for race=asian: n=12 < min_n=30; not judged."),
             ("evaluation:r1:race=white", true, "selection_rate for race=white: value 0.4 meets <= 0.5.")] },
        { "every group too small: nothing was measured",
            Rule("selection_rate", "race", PolicyComparator.LessOrEqual, 0.5, minN: 30),
            [new("selection_rate", "race", "asian", 0.2, 12)],
            [("evaluation:r1", false, "No group was large enough to judge selection_rate by race (min_n 30).")] },
        { "undefined value fails",
            Rule("demographic_parity_ratio", "sex", PolicyComparator.GreaterOrEqual, 0.8),
            [new("demographic_parity_ratio", "sex", null, double.NaN, 50)],
            [("evaluation:r1:sex", false, "demographic_parity_ratio for sex: value is undefined, so '>= 0.8' cannot be shown.")] },
        { "no evidence measures the metric",
            Rule("impact_ratio", "*", PolicyComparator.GreaterOrEqual, 0.8),
            [new("accuracy", null, null, 0.9, 1000)],
            [("evaluation:r1", false, "No evaluation evidence measures impact_ratio by every sensitive feature.")] },
        { "named group only",
            Rule("true_positive_rate", "sex", PolicyComparator.Greater, 0.6, group: "F"),
            [new("true_positive_rate", "sex", "F", 0.6, 300), new("true_positive_rate", "sex", "M", 0.1, 300)],
            [("evaluation:r1:sex=F", false, "true_positive_rate for sex=F: value 0.6 violates > 0.6.")] },
    };

    [Theory]
    [MemberData(nameof(EvaluationCases))]
    public void Evaluation_requirement(string name, GateEvaluationRule rule, EvaluationMeasurement[] measurements, (string Id, bool Met, string Reason)[] expected)
    {
        var facts = Facts(Control(ControlStatus.Satisfied, Today)) with { Measurements = measurements };
        var result = GateEvaluator.Evaluate(Gate(rules: [rule]), facts);
        result.Requirements.Select(r => (r.Requirement, r.Met, r.Reason)).ShouldBe(expected, name);
        result.Requirements.ShouldAllBe(r => r.Kind == RequirementKind.Evaluation && r.Control == "ATT-DATA-02");
        // Frameworks come from the control the rule serves.
        result.Requirements[0].Frameworks.ShouldBe(["eu-ai-act:art-10", "nist-ai-rmf:MEASURE-2.11"]);
    }

    public static TheoryData<string, SignOffFact[], bool, string> SignOffCases => new()
    {
        { "missing", [], false, "No legal sign-off. Routed because: High-risk under the EU AI Act." },
        { "approved", [new("legal", SignOffDecision.Approve, "user:lee")], true, "legal approved by user:lee." },
        { "changes requested", [new("legal", SignOffDecision.RequestChanges, "user:lee")], false, "legal reviewer user:lee requested changes." },
        { "rejected", [new("legal", SignOffDecision.Reject, "user:lee")], false, "legal reviewer user:lee rejected." },
        { "the latest sign-off counts", [new("legal", SignOffDecision.Reject, "user:lee"), new("legal", SignOffDecision.Approve, "user:lee")], true, "legal approved by user:lee." },
        { "another specialty's approval does not count", [new("privacy", SignOffDecision.Approve, "user:pat")], false, "No legal sign-off. Routed because: High-risk under the EU AI Act." },
    };

    [Theory]
    [MemberData(nameof(SignOffCases))]
    public void Sign_off_requirement(string name, SignOffFact[] signOffs, bool met, string reason)
    {
        var facts = Facts() with { RequiredSignOffs = [new("legal", "High-risk under the EU AI Act.")], SignOffs = signOffs };
        var outcome = GateEvaluator.Evaluate(Gate(signOffs: true), facts).Requirements.ShouldHaveSingleItem(name);
        (outcome.Requirement, outcome.Met, outcome.Reason).ShouldBe(("sign_off:legal", met, reason), name);
    }

    public static TheoryData<string, RiskFact[], (string Id, bool Met, string Reason)[]> RiskCases => new()
    {
        { "open high risk blocks", [new("R-1", "Proxy discrimination", RiskSeverity.High, RiskTreatment.Open)],
            [("risk:R-1", false, "high risk R-1 (Proxy discrimination) is open.")] },
        { "mitigated critical risk passes", [new("R-2", "Data leak", RiskSeverity.Critical, RiskTreatment.Mitigated)],
            [("risk:R-2", true, "critical risk R-2 is mitigated.")] },
        { "accepted high risk passes", [new("R-3", "Drift", RiskSeverity.High, RiskTreatment.Accepted)],
            [("risk:R-3", true, "high risk R-3 is accepted.")] },
        { "open medium risk is below the gate's floor", [new("R-4", "Latency", RiskSeverity.Medium, RiskTreatment.Open)], [] },
    };

    [Theory]
    [MemberData(nameof(RiskCases))]
    public void Risk_requirement(string name, RiskFact[] risks, (string Id, bool Met, string Reason)[] expected)
    {
        var result = GateEvaluator.Evaluate(Gate(risks: RiskSeverity.High), Facts() with { Risks = risks });
        result.Requirements.Select(r => (r.Requirement, r.Met, r.Reason)).ShouldBe(expected, name);
    }

    public static TheoryData<string, ControlStatus, WaiverFact[], (string Id, bool Met, string Reason)[]> WaiverCases => new()
    {
        { "expired waiver blocks", ControlStatus.Waived, [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 11, 1))],
            [("waiver:wv_1", false, "Waiver wv_1 of ATT-DATA-02 expired on 2026-11-01.")] },
        { "expired waiver superseded by a new one", ControlStatus.Waived,
            [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 11, 1)), new("wv_2", "ATT-DATA-02", WaiverState.Approved, new(2027, 5, 1))],
            [("waiver:wv_1", true, "Waiver wv_1 of ATT-DATA-02 expired on 2026-11-01; superseded.")] },
        { "expired waiver of a control now satisfied", ControlStatus.Satisfied, [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 11, 1))],
            [("waiver:wv_1", true, "Waiver wv_1 of ATT-DATA-02 expired on 2026-11-01; superseded.")] },
        { "a waiver valid through today", ControlStatus.Waived, [new("wv_1", "ATT-DATA-02", WaiverState.Approved, Today)], [] },
        { "revoked waivers are not expired ones", ControlStatus.Waived, [new("wv_1", "ATT-DATA-02", WaiverState.Revoked, new(2026, 1, 1))], [] },
    };

    [Theory]
    [MemberData(nameof(WaiverCases))]
    public void Waiver_requirement(string name, ControlStatus status, WaiverFact[] waivers, (string Id, bool Met, string Reason)[] expected)
    {
        var result = GateEvaluator.Evaluate(Gate(waivers: true), Facts(Control(status, Today)) with { Waivers = waivers });
        result.Requirements.Select(r => (r.Requirement, r.Met, r.Reason)).ShouldBe(expected, name);
        result.Requirements.ShouldAllBe(r => r.Control == "ATT-DATA-02" && r.Frameworks.Count == 2);
    }

    public static TheoryData<string, IncidentFact[], (string Id, bool Met, string Reason)[]> IncidentCases => new()
    {
        { "open severe incident blocks", [new("inc_1", "Wrongful denials", IncidentSeverity.Severe, true)],
            [("incident:inc_1", false, "severe incident inc_1 (Wrongful denials) is open.")] },
        { "open critical incident blocks", [new("inc_2", "Outage", IncidentSeverity.Critical, true)],
            [("incident:inc_2", false, "critical incident inc_2 (Outage) is open.")] },
        { "closed severe incident does not", [new("inc_3", "Old", IncidentSeverity.Severe, false)], [] },
        { "open moderate incident is below the floor", [new("inc_4", "Typo", IncidentSeverity.Moderate, true)], [] },
    };

    [Theory]
    [MemberData(nameof(IncidentCases))]
    public void Incident_requirement(string name, IncidentFact[] incidents, (string Id, bool Met, string Reason)[] expected)
    {
        var result = GateEvaluator.Evaluate(Gate(incidents: IncidentSeverity.Severe), Facts() with { Incidents = incidents });
        result.Requirements.Select(r => (r.Requirement, r.Met, r.Reason)).ShouldBe(expected, name);
    }

    [Fact]
    public void Gate_lists_every_unmet_requirement_across_kinds_in_order()
    {
        var facts = Facts(Control(ControlStatus.Waived)) with
        {
            Waivers = [new("wv_1", "ATT-DATA-02", WaiverState.Approved, new(2026, 10, 1))],
            Measurements = [new("impact_ratio", "race", "black", 0.7, 300)],
            RequiredSignOffs = [new("fairness", "Annex III")],
            Risks = [new("R-1", "Proxy", RiskSeverity.Critical, RiskTreatment.Open)],
            Incidents = [new("inc_1", "Denials", IncidentSeverity.Severe, true)],
        };
        var gate = Gate(new ControlRequirement(EvidenceRule.Fresh), [Rule("impact_ratio", "*", PolicyComparator.GreaterOrEqual, 0.8)],
            signOffs: true, risks: RiskSeverity.High, waivers: true, incidents: IncidentSeverity.Severe);
        var result = GateEvaluator.Evaluate(gate, facts);
        result.Decision.ShouldBe(GateDecision.NoGo);
        result.Unmet.Select(u => u.Requirement).ShouldBe(
            ["control:ATT-DATA-02", "evaluation:r1:race=black", "sign_off:fairness", "risk:R-1", "waiver:wv_1", "incident:inc_1"]);
        result.Unmet.ShouldAllBe(u => u.Remedy.Length > 0 && u.Remedy != "Nothing to do.");
        result.Unmet[0].Remedy.ShouldBe("Attach fairness_report evidence to ATT-DATA-02 and mark it satisfied, or have a waiver approved.");
    }

    [Fact]
    public void Gate_with_everything_met_is_go()
    {
        var facts = Facts(Control(ControlStatus.Satisfied, new DateOnly(2026, 9, 1))) with
        {
            Measurements = [new("impact_ratio", "race", "black", 0.91, 300)],
            RequiredSignOffs = [new("fairness", "Annex III")],
            SignOffs = [new("fairness", SignOffDecision.Approve, "user:fay")],
        };
        var gate = Gate(new ControlRequirement(EvidenceRule.Fresh), [Rule("impact_ratio", "*", PolicyComparator.GreaterOrEqual, 0.8)],
            signOffs: true, risks: RiskSeverity.High, waivers: true, incidents: IncidentSeverity.Severe);
        var result = GateEvaluator.Evaluate(gate, facts);
        result.Decision.ShouldBe(GateDecision.Go);
        result.Unmet.ShouldBeEmpty();
        result.Requirements.Count.ShouldBe(3);
    }
}
