using System.Text.Json;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using static Attest.Evaluation.Reports.StoredJson;

namespace Attest.Evaluation.Reports;

/// <summary>A fairness report read back from the JSON <see cref="FairnessJson"/> wrote, to show it again.</summary>
public sealed record StoredFairnessReport(FairnessReport Report, FairnessRunInfo Info, PolicyResult? Policy);

/// <summary>
/// Reads the documented fairness JSON (docs/evaluation.md) back into the report it came from, so a stored report is
/// shown with the same page and charts as a fresh run. Writing what was read gives the same bytes (tested).
/// </summary>
public static class FairnessJsonReader
{
    private static readonly HashSet<string> GroupExtras = ["ci", "wilson", "calibration", "small_group"];
    private static readonly string[] Charted = [MetricNames.Count, MetricNames.SelectionRate, MetricNames.TruePositiveRate, MetricNames.FalsePositiveRate];

    /// <exception cref="FormatException">The text is not a fairness report; the message names the path.</exception>
    public static StoredFairnessReport Read(string json)
    {
        using var document = StoredJson.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>The same, over a document already parsed (with <see cref="StoredJson.Options"/>).</summary>
    public static StoredFairnessReport Read(JsonElement root)
    {
        if (Optional(root, "kind") is not { ValueKind: JsonValueKind.String } kind || kind.GetString() != "fairness")
            throw new FormatException("$.kind: not a fairness report");
        var features = new List<FeatureReport>();
        foreach (var f in Property(root, "features", "$").EnumerateObject())
            features.Add(Feature(f.Name, f.Value, $"$.features.{f.Name}"));
        var bootstrap = Optional(root, "bootstrap");
        var report = new FairnessReport(
            Integer(Property(root, "n", "$"), "$.n"),
            NumberMap(Property(root, "overall", "$"), "$.overall"),
            IntervalMap(Optional(root, "overall_ci"), "$.overall_ci"),
            Calibration(Optional(root, "calibration"), "$.calibration"),
            features,
            Strings(Property(root, "warnings", "$"), "$.warnings"),
            bootstrap is { } b ? (int)Integer(Property(b, "resamples", "$.bootstrap"), "$.bootstrap.resamples") : 0,
            bootstrap is { } c ? Number(Property(c, "confidence", "$.bootstrap"), "$.bootstrap.confidence") : 0.95);
        var seed = bootstrap is { } s ? (int)Integer(Property(s, "seed", "$.bootstrap"), "$.bootstrap.seed") : 0;
        var info = new FairnessRunInfo(String(Property(root, "input", "$"), "$.input"), seed);
        return new StoredFairnessReport(report, info, Optional(root, "policy") is { } p ? Policy(p) : null);
    }

    private static FeatureReport Feature(string name, JsonElement f, string path)
    {
        var groups = new List<GroupReport>();
        foreach (var g in Property(f, "by_group", path).EnumerateObject())
        {
            var at = $"{path}.by_group.{g.Name}";
            groups.Add(new GroupReport(g.Name,
                NumberMap(g.Value, at, key => !GroupExtras.Contains(key)),
                IntervalMap(Optional(g.Value, "ci"), $"{at}.ci"),
                IntervalMap(Optional(g.Value, "wilson"), $"{at}.wilson"),
                Calibration(Optional(g.Value, "calibration"), $"{at}.calibration"),
                Boolean(Property(g.Value, "small_group", at), $"{at}.small_group")));
        }
        if (groups.Count == 0) throw new FormatException($"{path}.by_group: no groups");
        // The page charts these for every group and tabulates the first group's metrics for all of them.
        foreach (var required in Charted)
            if (!groups[0].Metrics.ContainsKey(required)) throw new FormatException($"{path}.by_group.{groups[0].Key}.{required}: missing");
        foreach (var g in groups)
            if (!g.Metrics.Keys.ToHashSet().SetEquals(groups[0].Metrics.Keys))
                throw new FormatException($"{path}.by_group.{g.Key}: its metrics differ from group '{groups[0].Key}'");
        var ir = Property(f, "impact_ratios", path);
        var irPath = $"{path}.impact_ratios";
        var reference = Property(ir, "reference_group", irPath);
        var ratios = new ImpactRatios(
            String(Property(ir, "basis", irPath), $"{irPath}.basis"),
            reference.ValueKind == JsonValueKind.Null ? null : String(reference, $"{irPath}.reference_group"),
            Number(Property(ir, "reference_rate", irPath), $"{irPath}.reference_rate"),
            Number(Property(ir, "threshold", irPath), $"{irPath}.threshold"),
            NumberMap(Property(ir, "ratios", irPath), $"{irPath}.ratios"),
            Strings(Property(ir, "below_threshold", irPath), $"{irPath}.below_threshold"))
        { Intervals = IntervalMap(Optional(ir, "ci"), $"{irPath}.ci") };
        foreach (var g in groups)
            if (!ratios.Ratios.ContainsKey(g.Key)) throw new FormatException($"{irPath}.ratios: no ratio for group '{g.Key}'");
        return new FeatureReport(name,
            Strings(Property(f, "sources", path), $"{path}.sources"),
            groups,
            NumberMap(Property(f, "disparities", path), $"{path}.disparities"),
            IntervalMap(Optional(f, "disparities_ci"), $"{path}.disparities_ci"),
            NumberMap(Property(f, "group_min", path), $"{path}.group_min"),
            NumberMap(Property(f, "group_max", path), $"{path}.group_max"),
            ratios);
    }

    private static PolicyResult Policy(JsonElement p)
    {
        var rules = Property(p, "rules", "$.policy");
        if (rules.ValueKind != JsonValueKind.Array) throw new FormatException("$.policy.rules: expected a list");
        var outcomes = new List<RuleOutcome>();
        var i = 0;
        foreach (var r in rules.EnumerateArray())
        {
            var at = $"$.policy.rules[{i++}]";
            var rule = new PolicyRule(
                String(Property(r, "id", at), $"{at}.id"),
                String(Property(r, "metric", at), $"{at}.metric"),
                Feature: null, Group: null,
                Comparator(String(Property(r, "comparator", at), $"{at}.comparator"), $"{at}.comparator"),
                Number(Property(r, "threshold", at), $"{at}.threshold"),
                Judge(String(Property(r, "judge", at), $"{at}.judge"), $"{at}.judge"),
                Integer(Property(r, "min_n", at), $"{at}.min_n"));
            outcomes.Add(new RuleOutcome(rule,
                String(Property(r, "target", at), $"{at}.target"),
                Status(String(Property(r, "status", at), $"{at}.status"), $"{at}.status"),
                Number(Property(r, "value", at), $"{at}.value"),
                Integer(Property(r, "n", at), $"{at}.n"),
                String(Property(r, "reason", at), $"{at}.reason")));
        }
        return new PolicyResult(outcomes);
    }

    private static PolicyComparator Comparator(string symbol, string path) => symbol switch
    {
        ">=" => PolicyComparator.GreaterOrEqual,
        ">" => PolicyComparator.Greater,
        "<=" => PolicyComparator.LessOrEqual,
        "<" => PolicyComparator.Less,
        _ => throw new FormatException($"{path}: '{symbol}' is not a comparator"),
    };

    private static PolicyJudgement Judge(string name, string path) => name switch
    {
        "point" => PolicyJudgement.Point,
        "ci" => PolicyJudgement.ConfidenceBound,
        "ci_lower" => PolicyJudgement.CiLower,
        "ci_upper" => PolicyJudgement.CiUpper,
        _ => throw new FormatException($"{path}: '{name}' is not a judgement"),
    };

    private static RuleStatus Status(string name, string path) => name switch
    {
        "pass" => RuleStatus.Pass,
        "fail" => RuleStatus.Fail,
        "insufficient_data" => RuleStatus.InsufficientData,
        _ => throw new FormatException($"{path}: '{name}' is not a rule status"),
    };
}
