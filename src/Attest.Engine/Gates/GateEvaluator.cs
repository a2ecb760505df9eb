using System.Globalization;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Engine.Gates;

/// <summary>
/// Decides a release gate: go when every requirement of the definition is met by the facts, otherwise
/// no-go with the complete list of what is missing. Pure: the same definition and facts give the same result.
/// </summary>
public static class GateEvaluator
{
    public static GateResult Evaluate(GateDefinition gate, GateFacts facts)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(facts);
        var outcomes = new List<RequirementOutcome>();
        if (gate.Controls is { } controls) outcomes.AddRange(CheckControls(controls, facts));
        foreach (var rule in gate.EvaluationRules) outcomes.AddRange(CheckEvaluation(rule, facts));
        foreach (var rule in gate.RedTeamRules) outcomes.AddRange(RedTeamGateCheck.Check(rule, facts));
        if (gate.SignOffs) outcomes.AddRange(CheckSignOffs(facts));
        if (gate.RisksFrom is { } riskFloor) outcomes.AddRange(CheckRisks(riskFloor, facts));
        if (gate.NoExpiredWaivers) outcomes.AddRange(CheckWaivers(facts));
        if (gate.IncidentsFrom is { } incidentFloor) outcomes.AddRange(CheckIncidents(incidentFloor, facts));
        return new GateResult(gate.Stage, facts.System, facts.ModelVersion, outcomes);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static IReadOnlyList<string> FrameworksOf(GateFacts facts, string? controlId) =>
        controlId is null ? [] : facts.Controls.FirstOrDefault(c => c.ControlId == controlId)?.Frameworks ?? [];

    private static IEnumerable<RequirementOutcome> CheckControls(ControlRequirement rule, GateFacts facts)
    {
        foreach (var control in facts.Controls)
        {
            if (rule.Only is { } only && !only.Contains(control.ControlId, StringComparer.Ordinal))
                continue;
            var id = "control:" + control.ControlId;
            RequirementOutcome Outcome(bool met, string reason, string remedy, bool byWaiver = false) =>
                new(id, RequirementKind.Control, met, reason, control.ControlId, control.Frameworks, remedy, byWaiver);
            var evidence = string.Join(" or ", control.EvidenceTypes);
            var satisfyRemedy = rule.Evidence == EvidenceRule.None
                ? $"Put {control.ControlId} in place and mark it satisfied, or have a waiver approved."
                : $"Attach {evidence} evidence to {control.ControlId} and mark it satisfied, or have a waiver approved.";

            if (control.Status == ControlStatus.NotApplicable)
            {
                yield return Outcome(true, $"{control.ControlId} ({control.Title}) is not applicable.", "Nothing to do.");
                continue;
            }
            var waivers = facts.Waivers.Where(w => w.ControlId == control.ControlId).ToList();
            if (waivers.FirstOrDefault(w => w.IsValidOn(facts.Today)) is { } valid)
            {
                yield return Outcome(true, $"{control.ControlId} is waived by {valid.WaiverId} until {Day(valid.ExpiresOn)}.",
                    $"Satisfy {control.ControlId} before {Day(valid.ExpiresOn)} or renew the waiver.", byWaiver: true);
                continue;
            }
            switch (control.Status)
            {
                case ControlStatus.Waived:
                    var expired = waivers.Where(w => w.HasExpiredOn(facts.Today)).MaxBy(w => w.ExpiresOn);
                    yield return Outcome(false, expired is null
                        ? $"{control.ControlId} ({control.Title}) is marked waived but no approved waiver is in force."
                        : $"{control.ControlId} ({control.Title}): waiver {expired.WaiverId} expired on {Day(expired.ExpiresOn)}, so the control is open again.",
                        satisfyRemedy);
                    break;
                case ControlStatus.Satisfied when rule.Evidence == EvidenceRule.None:
                    yield return Outcome(true, $"{control.ControlId} is satisfied.", "Nothing to do.");
                    break;
                case ControlStatus.Satisfied when control.LatestEvidenceOn is null:
                    yield return Outcome(false, $"{control.ControlId} ({control.Title}) is marked satisfied but has no {evidence} evidence.",
                        $"Attach {evidence} evidence to {control.ControlId}.");
                    break;
                case ControlStatus.Satisfied when rule.Evidence == EvidenceRule.Fresh && facts.Today >= control.RenewalDue!.Value:
                    yield return Outcome(false,
                        $"{control.ControlId} ({control.Title}): evidence {control.LatestEvidenceId ?? "?"} collected on {Day(control.LatestEvidenceOn!.Value)} was due for renewal on {Day(control.RenewalDue.Value)} (every {control.RenewalMonths} months).",
                        $"Attach renewed {evidence} evidence to {control.ControlId}.");
                    break;
                case ControlStatus.Satisfied:
                    yield return Outcome(true, $"{control.ControlId} is satisfied by evidence {control.LatestEvidenceId ?? "?"} of {Day(control.LatestEvidenceOn!.Value)}.", "Nothing to do.");
                    break;
                default:
                    yield return Outcome(false, $"{control.ControlId} ({control.Title}) is {WireName.Of(control.Status)}.", satisfyRemedy);
                    break;
            }
        }
    }

    private static IEnumerable<RequirementOutcome> CheckEvaluation(GateEvaluationRule gateRule, GateFacts facts)
    {
        var rule = gateRule.Rule;
        var frameworks = FrameworksOf(facts, gateRule.Control);
        var perFeature = MetricNames.Disparities.Contains(rule.Metric);
        var matching = facts.Measurements.Where(m =>
            m.Metric == rule.Metric
            && (rule.Feature is null
                ? m.Feature is null
                : m.Feature is not null && (rule.Feature == GateEvaluationRule.AnyFeature || m.Feature == rule.Feature)
                  && (perFeature ? m.Group is null : m.Group is not null && (rule.Group is null || m.Group == rule.Group))))
            .ToList();
        var what = rule.Feature is null ? $"overall {rule.Metric}" : $"{rule.Metric} by {(rule.Feature == GateEvaluationRule.AnyFeature ? "every sensitive feature" : rule.Feature)}";
        var condition = $"{PolicyRule.Symbol(rule.Comparator)} {rule.Threshold.ToString("R", CultureInfo.InvariantCulture)}";
        if (matching.Count == 0)
        {
            yield return new RequirementOutcome("evaluation:" + rule.Id, RequirementKind.Evaluation, false,
                $"No evaluation evidence measures {what}.", gateRule.Control, frameworks,
                $"Attach a fairness evaluation (attest evaluate fairness{(rule.Judge == PolicyJudgement.Point ? "" : " --bootstrap")}) that measures {what} and meets {condition}.");
            yield break;
        }
        var judged = 0;
        var outcomes = new List<RequirementOutcome>();
        foreach (var m in matching)
        {
            var target = m.Feature is null ? "overall" : m.Group is null ? m.Feature : $"{m.Feature}={m.Group}";
            var verdict = PolicyEvaluator.Judge(rule, target, m.Value, m.Interval, m.N);
            if (verdict.Status != RuleStatus.InsufficientData) judged++;
            var source = m.EvidenceId is null ? "" : $" (evidence {m.EvidenceId})";
            outcomes.Add(new RequirementOutcome($"evaluation:{rule.Id}:{target}", RequirementKind.Evaluation, verdict.Status != RuleStatus.Fail,
                $"{rule.Metric} for {target}: {verdict.Reason}{source}.", gateRule.Control, frameworks,
                verdict.Status == RuleStatus.Fail
                    ? $"Improve the model or data until {rule.Metric} for {target} meets {condition}, and attach the new evaluation."
                    : "Nothing to do."));
        }
        if (judged == 0)
        {
            yield return new RequirementOutcome("evaluation:" + rule.Id, RequirementKind.Evaluation, false,
                $"No group was large enough to judge {what} (min_n {rule.MinN}).", gateRule.Control, frameworks,
                $"Evaluate on more data so that groups have at least {rule.MinN} rows.");
            yield break;
        }
        foreach (var o in outcomes) yield return o;
    }

    private static IEnumerable<RequirementOutcome> CheckSignOffs(GateFacts facts)
    {
        foreach (var required in facts.RequiredSignOffs)
        {
            var id = "sign_off:" + required.Specialty;
            var latest = facts.SignOffs.LastOrDefault(s => s.Specialty == required.Specialty);
            yield return latest switch
            {
                null => new RequirementOutcome(id, RequirementKind.SignOff, false,
                    $"No {required.Specialty} sign-off. Routed because: {required.Reason}", null, [],
                    $"A {required.Specialty} reviewer approves the release."),
                { Decision: SignOffDecision.Approve } => new RequirementOutcome(id, RequirementKind.SignOff, true,
                    $"{required.Specialty} approved by {latest.By}.", null, [], "Nothing to do."),
                _ => new RequirementOutcome(id, RequirementKind.SignOff, false,
                    $"{required.Specialty} reviewer {latest.By} {(latest.Decision == SignOffDecision.Reject ? "rejected" : "requested changes")}.", null, [],
                    $"Address the {required.Specialty} reviewer's findings and ask for a new sign-off."),
            };
        }
    }

    private static IEnumerable<RequirementOutcome> CheckRisks(RiskSeverity floor, GateFacts facts)
    {
        foreach (var risk in facts.Risks.Where(r => r.Severity >= floor))
        {
            var open = risk.Treatment == RiskTreatment.Open;
            yield return new RequirementOutcome("risk:" + risk.RiskId, RequirementKind.Risk, !open,
                open
                    ? $"{WireName.Of(risk.Severity)} risk {risk.RiskId} ({risk.Title}) is open."
                    : $"{WireName.Of(risk.Severity)} risk {risk.RiskId} is {WireName.Of(risk.Treatment)}.",
                risk.ControlId, FrameworksOf(facts, risk.ControlId),
                open ? $"Mitigate risk {risk.RiskId}, or have its residual risk accepted by an authorised approver." : "Nothing to do.");
        }
    }

    private static IEnumerable<RequirementOutcome> CheckWaivers(GateFacts facts)
    {
        foreach (var waiver in facts.Waivers.Where(w => w.HasExpiredOn(facts.Today)))
        {
            // A later valid waiver or a control that is now satisfied closes the gap the old waiver covered.
            var superseded = facts.Waivers.Any(w => w.ControlId == waiver.ControlId && w.IsValidOn(facts.Today))
                || facts.Controls.Any(c => c.ControlId == waiver.ControlId && c.Status is ControlStatus.Satisfied or ControlStatus.NotApplicable);
            yield return new RequirementOutcome("waiver:" + waiver.WaiverId, RequirementKind.Waiver, superseded,
                superseded
                    ? $"Waiver {waiver.WaiverId} of {waiver.ControlId} expired on {Day(waiver.ExpiresOn)}; superseded."
                    : $"Waiver {waiver.WaiverId} of {waiver.ControlId} expired on {Day(waiver.ExpiresOn)}.",
                waiver.ControlId, FrameworksOf(facts, waiver.ControlId),
                superseded ? "Nothing to do." : $"Satisfy {waiver.ControlId} or have a new waiver approved.");
        }
    }

    private static IEnumerable<RequirementOutcome> CheckIncidents(IncidentSeverity floor, GateFacts facts)
    {
        foreach (var incident in facts.Incidents.Where(i => i.Open && i.Severity >= floor))
        {
            yield return new RequirementOutcome("incident:" + incident.IncidentId, RequirementKind.Incident, false,
                $"{WireName.Of(incident.Severity)} incident {incident.IncidentId} ({incident.Title}) is open.", null, [],
                $"Resolve and close incident {incident.IncidentId}.");
        }
    }
}
