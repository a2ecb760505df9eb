using System.Text.Json;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Evaluation.Reports;

public static class PolicyJson
{
    public static string StatusName(RuleStatus status) => status switch
    {
        RuleStatus.Pass => "pass",
        RuleStatus.Fail => "fail",
        _ => "insufficient_data",
    };

    public static void Write(Utf8JsonWriter w, PolicyResult policy)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(policy);
        w.WriteStartObject("policy");
        w.WriteBoolean("passed", policy.Passed);
        w.WriteStartArray("rules");
        foreach (var o in policy.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("id", o.Rule.Id);
            w.WriteString("metric", o.Rule.Metric);
            w.WriteString("target", o.Target);
            w.WriteString("comparator", PolicyRule.Symbol(o.Rule.Comparator));
            w.Number("threshold", o.Rule.Threshold);
            w.WriteString("judge", o.Rule.Judge switch
            {
                PolicyJudgement.Point => "point",
                PolicyJudgement.ConfidenceBound => "ci",
                PolicyJudgement.CiLower => "ci_lower",
                _ => "ci_upper",
            });
            w.Number("value", o.Value);
            w.WriteNumber("n", o.N);
            w.WriteNumber("min_n", o.Rule.MinN);
            w.WriteString("status", StatusName(o.Status));
            w.WriteString("reason", o.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
