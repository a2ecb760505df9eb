using System.Globalization;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.RedTeam;

namespace Attest.Engine.Gates;

public enum RedTeamJudgement
{
    /// <summary>The measured failure rate.</summary>
    Point,
    /// <summary>The upper bound of the 95% Wilson interval of the failure rate: the gate passes only when it is confident.</summary>
    ConfidenceBound,
}

/// <summary>
/// A red-team threshold of a gate (<c>redteam:</c> in gates.yaml): the failure rate of the probes of one OWASP category
/// (or <c>*</c>, every probe) in the newest valid red-team report must not exceed <see cref="MaxFailureRate"/>. It applies
/// only to systems that require <see cref="Control"/> (generative systems require ATT-SEC-02), so predictive systems are
/// not asked for a red-team report.
/// </summary>
public sealed record RedTeamGateRule(string Id, string Owasp, double MaxFailureRate, RedTeamJudgement Judge = RedTeamJudgement.Point, long MinN = 0, string? Control = null)
{
    public const string AllCategories = "*";
}

/// <summary>What a red-team report counted for one OWASP category (or <c>*</c>): graded answers and unsafe ones.</summary>
public sealed record RedTeamMeasurement(string Owasp, long Graded, long Unsafe, string? EvidenceId = null);

/// <summary>Judges <see cref="RedTeamGateRule"/>s; part of <see cref="GateEvaluator"/>.</summary>
public static class RedTeamGateCheck
{
    public static IEnumerable<RequirementOutcome> Check(RedTeamGateRule rule, GateFacts facts)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(facts);
        var id = "redteam:" + rule.Id;
        var frameworks = rule.Control is null ? [] : facts.Controls.FirstOrDefault(c => c.ControlId == rule.Control)?.Frameworks ?? [];
        var what = rule.Owasp == RedTeamGateRule.AllCategories ? "all probes" : OwaspLlm.Label(rule.Owasp);
        var limit = rule.MaxFailureRate.ToString("0.###", CultureInfo.InvariantCulture);
        if (rule.Control is not null && facts.Controls.All(c => c.ControlId != rule.Control))
        {
            yield return new RequirementOutcome(id, RequirementKind.RedTeam, true,
                $"Not applicable: the system does not require {rule.Control} (not a generative system).", rule.Control, frameworks, "Nothing to do.");
            yield break;
        }
        var m = facts.RedTeam.FirstOrDefault(x => x.Owasp == rule.Owasp);
        if (m is null || m.Graded == 0)
        {
            yield return new RequirementOutcome(id, RequirementKind.RedTeam, false,
                facts.RedTeam.Count == 0 ? $"No red-team report measures {what}." : $"The red-team report has no graded probe for {what}.",
                rule.Control, frameworks,
                $"Run `attest redteam run` with a suite that covers {what} and store the report as red_team_report evidence (--system).");
            yield break;
        }
        var source = m.EvidenceId is null ? "" : $" (evidence {m.EvidenceId})";
        if (m.Graded < rule.MinN)
        {
            yield return new RequirementOutcome(id, RequirementKind.RedTeam, false,
                $"Only {m.Graded} graded probes for {what}, fewer than the {rule.MinN} the rule needs{source}.", rule.Control, frameworks,
                $"Red-team {what} with at least {rule.MinN} probes.");
            yield break;
        }
        var rate = m.Unsafe / (double)m.Graded;
        var interval = WilsonInterval.Compute(m.Unsafe, m.Graded);
        var judged = rule.Judge == RedTeamJudgement.ConfidenceBound ? interval.Upper : rate;
        var met = judged <= rule.MaxFailureRate;
        var measured = string.Create(CultureInfo.InvariantCulture, $"{m.Unsafe} of {m.Graded} probes unsafe, failure rate {rate:0.####} (95% interval {interval.Lower:0.####}–{interval.Upper:0.####})");
        var judgedText = rule.Judge == RedTeamJudgement.ConfidenceBound ? "its upper bound" : "it";
        yield return new RequirementOutcome(id, RequirementKind.RedTeam, met,
            $"{what}: {measured}; {judgedText} {(met ? "is within" : "exceeds")} the limit {limit}{source}.", rule.Control, frameworks,
            met ? "Nothing to do." : $"Harden the system against {what} (filters, prompt, model) and red-team it again until the failure rate{(rule.Judge == RedTeamJudgement.ConfidenceBound ? "'s upper bound" : "")} is at most {limit}.");
    }
}
