using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Loads release gates (<c>gates/*.yaml</c>, format attest.gates/v1, except material-change.yaml) and the
/// material-change triggers (<c>gates/material-change.yaml</c>, attest.material-change/v1) from the shipped
/// data, then from an organisation's data directory (a stage × tier defined there replaces the shipped one).
/// Every stage × tier must end up defined; control ids must exist in the library; metrics must be ones the
/// evaluation engine computes. Any error fails the whole load, naming file, line and field.
/// </summary>
public static class GateCatalogLoader
{
    public const string GatesFormat = "attest.gates/v1";
    public const string MaterialChangeFormat = "attest.material-change/v1";
    public const string MaterialChangeFile = "material-change.yaml";

    public static GateCatalog LoadDefault(ControlLibrary library, string? organisationDataDirectory = null) =>
        Load(organisationDataDirectory is null ? [ShippedData.Directory] : [ShippedData.Directory, organisationDataDirectory], library);

    public static GateCatalog Load(IReadOnlyList<string> dataDirectories, ControlLibrary? library)
    {
        ArgumentNullException.ThrowIfNull(dataDirectories);
        var errors = new List<DataError>();
        var gates = new List<GateDefinition>();
        List<MaterialChangeTrigger>? triggers = null;
        for (var index = 0; index < dataDirectories.Count; index++)
        {
            var dir = Path.Combine(dataDirectories[index], "gates");
            if (!Directory.Exists(dir))
                continue;
            var seen = new Dictionary<(GateStage, RiskTier), string>();
            foreach (var file in Directory.EnumerateFiles(dir).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".yaml" or ".yml" or ".json").Order(StringComparer.Ordinal))
            {
                var display = index == 0 ? "data/gates/" + Path.GetFileName(file) : file;
                var text = File.ReadAllText(file);
                if (Path.GetFileName(file) == MaterialChangeFile)
                {
                    triggers = ReadTriggers(text, display, errors);
                    continue;
                }
                foreach (var gate in ReadGates(text, display, errors, library))
                {
                    var key = (gate.Stage, gate.Tier);
                    if (seen.TryGetValue(key, out var first))
                        errors.Add(new DataError(display, LineOf(gate.Source), "tiers",
                            $"{WireName.Of(gate.Stage)} for tier {WireName.Of(gate.Tier)} is already defined at {first}"));
                    seen[key] = gate.Source;
                    gates.RemoveAll(g => g.Stage == gate.Stage && g.Tier == gate.Tier);
                    gates.Add(gate);
                }
            }
        }
        foreach (var stage in Enum.GetValues<GateStage>())
        {
            foreach (var tier in Enum.GetValues<RiskTier>())
            {
                if (!gates.Any(g => g.Stage == stage && g.Tier == tier))
                    errors.Add(new DataError("data/gates", null, "", $"no gate is defined for {WireName.Of(stage)} at tier {WireName.Of(tier)}"));
            }
        }
        if (triggers is null)
            errors.Add(new DataError("data/gates/" + MaterialChangeFile, null, "", "the material-change triggers are missing"));
        if (errors.Count > 0)
            throw new DataFileException(errors);
        return new GateCatalog(gates.OrderBy(g => g.Stage).ThenBy(g => g.Tier).ToArray(), triggers!);
    }

    /// <summary>Reads one gates file; returns what it could read and records every error.</summary>
    public static IReadOnlyList<GateDefinition> ReadGates(string text, string file, List<DataError> errors, ControlLibrary? library)
    {
        var b = new DataBinder(file, errors);
        var result = new List<GateDefinition>();
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return result;
        b.RejectUnknownKeys(root, "", ["format", "gates"]);
        CheckFormat(b, root, GatesFormat);
        var items = b.List(root, "gates", "", (node, path) => b.AsMapping(node, path) is { } m ? (m, path) : ((DataMapping, string)?)null, required: true);
        foreach (var item in items)
        {
            var (m, path) = item!.Value;
            b.RejectUnknownKeys(m, path, ["stage", "tiers", "controls", "evaluation", "redteam", "sign_offs", "risks_from", "no_expired_waivers", "incidents_from", "conditional_go_may_leave_open"]);
            var stage = b.Enum<GateStage>(m, "stage", path, required: true);
            var tiers = b.EnumList<RiskTier>(m, "tiers", path);
            if (m["tiers"] is null)
                b.Error(m.Line, DataBinder.Join(path, "tiers"), "required key is missing");
            ControlRequirement? controls = null;
            if (b.AsMapping(m["controls"], DataBinder.Join(path, "controls"), optional: true) is { } c)
            {
                var cPath = DataBinder.Join(path, "controls");
                b.RejectUnknownKeys(c, cPath, ["evidence", "only"]);
                var evidence = b.Enum<EvidenceRule>(c, "evidence", cPath, required: true) ?? EvidenceRule.Fresh;
                IReadOnlyList<string>? only = null;
                if (c["only"] is not null)
                {
                    only = b.StringList(c, "only", cPath);
                    if (library is not null && c["only"] is DataSequence seq)
                    {
                        for (var i = 0; i < only.Count && i < seq.Items.Count; i++)
                        {
                            if (library.Controls.All(x => x.Id != only[i]))
                                b.Error(seq.Items[i], $"{cPath}.only[{i}]", $"unknown control \"{only[i]}\"");
                        }
                    }
                }
                controls = new ControlRequirement(evidence, only);
            }
            var rules = b.List(m, "evaluation", path, (node, rulePath) => ReadRule(b, node, rulePath, library));
            var redTeam = b.List(m, "redteam", path, (node, rulePath) => ReadRedTeamRule(b, node, rulePath, library));
            var risks = b.Enum<RiskSeverity>(m, "risks_from", path);
            var incidents = b.Enum<IncidentSeverity>(m, "incidents_from", path);
            var signOffs = b.Bool(m, "sign_offs", path);
            var noExpired = b.Bool(m, "no_expired_waivers", path);
            var mayLeaveOpen = m["conditional_go_may_leave_open"] is null ? null : b.EnumList<RequirementKind>(m, "conditional_go_may_leave_open", path);
            if (stage is null)
                continue;
            foreach (var tier in tiers)
            {
                result.Add(new GateDefinition
                {
                    Stage = stage.Value,
                    Tier = tier,
                    Controls = controls,
                    EvaluationRules = rules,
                    RedTeamRules = redTeam,
                    SignOffs = signOffs,
                    RisksFrom = risks,
                    NoExpiredWaivers = noExpired,
                    IncidentsFrom = incidents,
                    ConditionalGoMayLeaveOpen = mayLeaveOpen,
                    Source = $"{file}:{m.Line}",
                });
            }
        }
        return result;
    }

    private static GateEvaluationRule? ReadRule(DataBinder b, DataNode node, string path, ControlLibrary? library)
    {
        if (b.AsMapping(node, path) is not { } m)
            return null;
        var before = b.Errors.Count;
        b.RejectUnknownKeys(m, path, ["id", "metric", "feature", "group", "comparator", "threshold", "judge", "min_n", "control"]);
        var id = b.String(m, "id", path, required: true);
        var metric = b.String(m, "metric", path, required: true);
        var feature = b.String(m, "feature", path);
        var group = b.String(m, "group", path);
        var comparatorText = b.String(m, "comparator", path, required: true);
        var threshold = b.Number(m, "threshold", path, required: true);
        var judgeText = b.String(m, "judge", path) ?? "point";
        var minN = b.WholeNumber(m, "min_n", path, 0, long.MaxValue) ?? 0;
        var control = b.String(m, "control", path);
        if (metric is not null)
        {
            var isDisparity = MetricNames.Disparities.Contains(metric);
            if (!isDisparity && metric != PolicyRule.ImpactRatio && !MetricNames.Label.Contains(metric) && !MetricNames.Score.Contains(metric))
                b.Error(DataBinder.LineOf(m, "metric"), DataBinder.Join(path, "metric"),
                    $"unknown metric \"{metric}\"; expected impact_ratio, a disparity ({string.Join(", ", MetricNames.Disparities)}) or a metric ({string.Join(", ", MetricNames.Label.Concat(MetricNames.Score))})");
            else if (feature is null && (isDisparity || metric == PolicyRule.ImpactRatio))
                b.Error(m.Line, DataBinder.Join(path, "feature"), $"\"{metric}\" is measured per feature; name the feature or \"*\"");
        }
        PolicyComparator? comparator = comparatorText switch
        {
            ">=" => PolicyComparator.GreaterOrEqual,
            ">" => PolicyComparator.Greater,
            "<=" => PolicyComparator.LessOrEqual,
            "<" => PolicyComparator.Less,
            null => null,
            _ => null,
        };
        if (comparatorText is not null && comparator is null)
            b.Error(DataBinder.LineOf(m, "comparator"), DataBinder.Join(path, "comparator"), $"expected >=, >, <= or <, got \"{comparatorText}\"");
        PolicyJudgement? judge = judgeText switch
        {
            "point" => PolicyJudgement.Point,
            "ci" => PolicyJudgement.ConfidenceBound,
            "ci_lower" => PolicyJudgement.CiLower,
            "ci_upper" => PolicyJudgement.CiUpper,
            _ => null,
        };
        if (judge is null)
            b.Error(DataBinder.LineOf(m, "judge"), DataBinder.Join(path, "judge"), $"expected point, ci, ci_lower or ci_upper, got \"{judgeText}\"");
        if (control is not null && library is not null && library.Controls.All(c => c.Id != control))
            b.Error(DataBinder.LineOf(m, "control"), DataBinder.Join(path, "control"), $"unknown control \"{control}\"");
        if (b.Errors.Count > before)
            return null;
        return new GateEvaluationRule(new PolicyRule(id!, metric!, feature, group, comparator!.Value, threshold!.Value, judge!.Value, minN), control);
    }

    /// <summary>A <c>redteam</c> rule: <c>{ id?, owasp: LLM01 | "*", max_failure_rate: 0.05, judge: point | ci, min_n?, control? }</c>.</summary>
    private static RedTeamGateRule? ReadRedTeamRule(DataBinder b, DataNode node, string path, ControlLibrary? library)
    {
        if (b.AsMapping(node, path) is not { } m)
            return null;
        var before = b.Errors.Count;
        b.RejectUnknownKeys(m, path, ["id", "owasp", "max_failure_rate", "judge", "min_n", "control"]);
        var owasp = b.String(m, "owasp", path, required: true);
        var max = b.Number(m, "max_failure_rate", path, required: true);
        var judgeText = b.String(m, "judge", path) ?? "point";
        var minN = b.WholeNumber(m, "min_n", path, 0, long.MaxValue) ?? 0;
        var control = b.String(m, "control", path);
        if (owasp is not null && owasp != RedTeamGateRule.AllCategories && !Attest.Engine.RedTeam.OwaspLlm.IsId(owasp))
            b.Error(DataBinder.LineOf(m, "owasp"), DataBinder.Join(path, "owasp"), $"unknown OWASP LLM Top 10 2025 id \"{owasp}\"; expected LLM01 … LLM10 or \"*\"");
        if (max is < 0 or > 1)
            b.Error(DataBinder.LineOf(m, "max_failure_rate"), DataBinder.Join(path, "max_failure_rate"), "expected a failure rate from 0 to 1");
        RedTeamJudgement? judge = judgeText switch { "point" => RedTeamJudgement.Point, "ci" => RedTeamJudgement.ConfidenceBound, _ => null };
        if (judge is null)
            b.Error(DataBinder.LineOf(m, "judge"), DataBinder.Join(path, "judge"), $"expected point or ci, got \"{judgeText}\"");
        if (control is not null && library is not null && library.Controls.All(c => c.Id != control))
            b.Error(DataBinder.LineOf(m, "control"), DataBinder.Join(path, "control"), $"unknown control \"{control}\"");
        if (b.Errors.Count > before)
            return null;
        var id = b.String(m, "id", path) ?? (owasp == RedTeamGateRule.AllCategories ? "all" : owasp!.ToLowerInvariant());
        return new RedTeamGateRule(id, owasp!, max!.Value, judge!.Value, minN, control);
    }

    /// <summary>Reads the material-change triggers; returns what it could read and records every error.</summary>
    public static List<MaterialChangeTrigger> ReadTriggers(string text, string file, List<DataError> errors)
    {
        var b = new DataBinder(file, errors);
        var result = new List<MaterialChangeTrigger>();
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is not { } root)
            return result;
        b.RejectUnknownKeys(root, "", ["format", "triggers"]);
        CheckFormat(b, root, MaterialChangeFormat);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var read = b.List(root, "triggers", "", (node, path) =>
        {
            if (b.AsMapping(node, path) is not { } m)
                return null;
            var before = b.Errors.Count;
            b.RejectUnknownKeys(m, path, ["id", "kind", "field", "metric", "direction", "tolerance", "description"]);
            var id = b.String(m, "id", path, required: true);
            var kind = b.Enum<TriggerKind>(m, "kind", path, required: true);
            var description = b.String(m, "description", path, required: true);
            var field = b.String(m, "field", path);
            var metric = b.String(m, "metric", path);
            var direction = b.Enum<MetricDirection>(m, "direction", path) ?? MetricDirection.HigherIsBetter;
            var tolerance = b.Number(m, "tolerance", path) ?? 0;
            if (id is not null && !ids.Add(id))
                b.Error(DataBinder.LineOf(m, "id"), DataBinder.Join(path, "id"), $"trigger \"{id}\" is defined twice");
            if (kind is TriggerKind.Changed or TriggerKind.Added)
            {
                if (field is null)
                    b.Error(m.Line, DataBinder.Join(path, "field"), $"a {WireName.Of(kind.Value)} trigger needs a field");
                else if (!ConfigurationFields.All.Contains(field))
                    b.Error(DataBinder.LineOf(m, "field"), DataBinder.Join(path, "field"), $"unknown field \"{field}\"; expected one of {string.Join(", ", ConfigurationFields.All)}");
            }
            else if (kind == TriggerKind.MetricRegression)
            {
                if (metric is null)
                    b.Error(m.Line, DataBinder.Join(path, "metric"), "a metric_regression trigger needs a metric");
                else if (!MetricNames.Label.Contains(metric) && !MetricNames.Score.Contains(metric) && !RedTeam.RedTeamMetricNames.All.Contains(metric))
                    b.Error(DataBinder.LineOf(m, "metric"), DataBinder.Join(path, "metric"),
                        $"unknown metric \"{metric}\"; expected one of {string.Join(", ", MetricNames.Label.Concat(MetricNames.Score).Concat(RedTeam.RedTeamMetricNames.All))}");
                if (tolerance < 0)
                    b.Error(DataBinder.LineOf(m, "tolerance"), DataBinder.Join(path, "tolerance"), "expected a tolerance of 0 or more");
            }
            if (b.Errors.Count > before)
                return null;
            return new MaterialChangeTrigger(id!, kind!.Value, description!, field, metric, direction, tolerance, $"{file}:{m.Line}");
        }, required: true);
        result.AddRange(read!);
        return result;
    }

    private static void CheckFormat(DataBinder b, DataMapping root, string expected)
    {
        if (b.String(root, "format", "", required: true) is { } format && format != expected)
            b.Error(DataBinder.LineOf(root, "format"), "format", $"expected {expected}, got \"{format}\"");
    }

    private static int? LineOf(string source) =>
        int.TryParse(source.AsSpan(source.LastIndexOf(':') + 1), out var line) ? line : null;
}
