using System.Globalization;
using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Attest.Evaluation.Policy;

/// <summary>
/// Parses a policy file:
/// <code>
/// rules:
///   - id: dp-ratio-race            # optional; defaults to rule-N
///     metric: demographic_parity_ratio
///     feature: race                # omit for an overall metric
///     group: white                 # optional, group metrics only
///     comparator: ">="             # >= > &lt;= &lt;
///     threshold: 0.8
///     judge: point                 # point | ci (conservative bound) | ci_lower | ci_upper
///     min_n: 30
/// </code>
/// Errors name the file, line and key.
/// </summary>
public static class PolicyFile
{
    private static readonly HashSet<string> Keys = ["id", "metric", "feature", "group", "comparator", "threshold", "judge", "min_n"];

    public static IReadOnlyList<PolicyRule> Parse(string text, string fileName)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new EvaluationInputException($"{fileName}: line {e.Start.Line}: not valid YAML ({e.Message})");
        }
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) || rulesNode is not YamlSequenceNode rules)
            throw new EvaluationInputException($"{fileName}: expected a mapping with a 'rules' list");

        var result = new List<PolicyRule>();
        var index = 0;
        foreach (var node in rules)
        {
            index++;
            var line = node.Start.Line;
            if (node is not YamlMappingNode map)
                throw new EvaluationInputException($"{fileName}: line {line}: rule {index} must be a mapping");
            var values = new Dictionary<string, (string Value, long Line)>();
            foreach (var (k, v) in map.Children)
            {
                var key = ((YamlScalarNode)k).Value ?? "";
                if (!Keys.Contains(key))
                    throw new EvaluationInputException($"{fileName}: line {k.Start.Line}: unknown key '{key}' (expected one of {string.Join(", ", Keys)})");
                if (v is not YamlScalarNode s)
                    throw new EvaluationInputException($"{fileName}: line {v.Start.Line}: '{key}' must be a single value");
                values[key] = (s.Value ?? "", v.Start.Line);
            }
            string Required(string key) => values.TryGetValue(key, out var v) && v.Value.Length > 0
                ? v.Value
                : throw new EvaluationInputException($"{fileName}: line {line}: rule {index} needs '{key}'");

            var metric = Required("metric");
            if (!IsKnownMetric(metric))
                throw new EvaluationInputException($"{fileName}: line {values["metric"].Line}: unknown metric '{metric}'");
            var feature = values.TryGetValue("feature", out var fv) ? fv.Value : null;
            if (feature is null && (MetricNames.Disparities.Contains(metric) || metric == PolicyRule.ImpactRatio))
                throw new EvaluationInputException($"{fileName}: line {line}: rule {index}: '{metric}' needs a 'feature'");
            var comparator = Required("comparator") switch
            {
                ">=" => PolicyComparator.GreaterOrEqual,
                ">" => PolicyComparator.Greater,
                "<=" => PolicyComparator.LessOrEqual,
                "<" => PolicyComparator.Less,
                var other => throw new EvaluationInputException($"{fileName}: line {values["comparator"].Line}: comparator '{other}' (expected >=, >, <= or <)"),
            };
            if (!double.TryParse(Required("threshold"), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
                throw new EvaluationInputException($"{fileName}: line {values["threshold"].Line}: threshold '{values["threshold"].Value}' is not a number");
            var judge = (values.TryGetValue("judge", out var jv) ? jv.Value : "point") switch
            {
                "point" => PolicyJudgement.Point,
                "ci" => PolicyJudgement.ConfidenceBound,
                "ci_lower" => PolicyJudgement.CiLower,
                "ci_upper" => PolicyJudgement.CiUpper,
                var other => throw new EvaluationInputException($"{fileName}: line {jv.Line}: judge '{other}' (expected point, ci, ci_lower or ci_upper)"),
            };
            long minN = 0;
            if (values.TryGetValue("min_n", out var mv) && (!long.TryParse(mv.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out minN) || minN < 0))
                throw new EvaluationInputException($"{fileName}: line {mv.Line}: min_n '{mv.Value}' is not a non-negative integer");
            var id = values.TryGetValue("id", out var iv) ? iv.Value : $"rule-{index}";
            var group = values.TryGetValue("group", out var gv) ? gv.Value : null;
            result.Add(new PolicyRule(id, metric, feature, group, comparator, threshold, judge, minN));
        }
        if (result.Count == 0)
            throw new EvaluationInputException($"{fileName}: the 'rules' list is empty");
        return result;
    }

    private static bool IsKnownMetric(string metric) =>
        metric == PolicyRule.ImpactRatio || MetricNames.Disparities.Contains(metric)
        || MetricNames.Label.Contains(metric) || MetricNames.Score.Contains(metric);
}
