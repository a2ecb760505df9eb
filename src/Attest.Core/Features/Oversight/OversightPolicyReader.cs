using System.Globalization;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;
using Attest.Engine.Classification;
using Attest.Engine.Oversight;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Reads an oversight policy document (<c>attest.oversight-policy/v1</c>, YAML or JSON) with the positioned readers of
/// data files: every problem names the file (for an upload, the request body), the line and the field — an unknown
/// condition, a negative sample rate, an SLA that is not a duration, a duplicate rule id — and all of them are reported
/// at once.
/// </summary>
public static partial class OversightPolicyReader
{
    public const int MaxRules = 200;

    private static readonly string[] TopKeys = ["format", "description", "controls", "store_inputs", "retention_days", "rules"];
    private static readonly string[] RuleKeys = ["id", "description", "when", "route", "sla", "priority"];

    /// <summary>The policy, or null with the errors (file:line: field: problem).</summary>
    /// <param name="knownControls">Control ids of the library; a control not in it is an error. Null skips the check.</param>
    public static OversightPolicy? Read(string text, string file, bool yaml, IReadOnlySet<string>? knownControls, List<DataError> errors)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var root = yaml ? YamlDataReader.Read(text, file, errors) : JsonDataReader.Read(text, file, errors);
        var bind = new DataBinder(file, errors);
        if (root is null)
        {
            if (errors.Count == before) bind.Error(1, "", "the policy is empty; expected a mapping with format, controls and rules");
            return null;
        }
        var top = bind.AsMapping(root, "");
        if (top is null) return null;
        bind.RejectUnknownKeys(top, "", TopKeys);
        var format = bind.String(top, "format", "", required: true);
        if (format is not null && format != OversightPolicy.Format)
            bind.Error(DataBinder.LineOf(top, "format"), "format", $"expected {OversightPolicy.Format}, got \"{format}\"");
        bind.String(top, "description", "");
        var controls = bind.StringList(top, "controls", "");
        if (knownControls is not null)
        {
            for (var i = 0; i < controls.Count; i++)
            {
                if (!knownControls.Contains(controls[i]))
                    bind.Error(LineOfItem(top, "controls", i), $"controls[{i}]", $"unknown control '{controls[i]}'; expected an id of the control library such as ATT-OVS-01");
            }
        }
        var storeInputs = bind.Bool(top, "store_inputs", "");
        int? retention = null;
        if (bind.Number(top, "retention_days", "") is { } days)
        {
            if (days != Math.Floor(days) || days < OversightPolicy.MinRetentionDays || days > OversightPolicy.MaxRetentionDays)
                bind.Error(DataBinder.LineOf(top, "retention_days"), "retention_days",
                    $"expected a whole number of days from {OversightPolicy.MinRetentionDays} (six months, the AI Act's floor for logs) to {OversightPolicy.MaxRetentionDays}, got {days}");
            else
                retention = (int)days;
        }
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rules = bind.List(top, "rules", "", (node, path) => ReadRule(bind, node, path, seen), required: true);
        if (top["rules"] is DataSequence { Items.Count: > MaxRules } many)
            bind.Error(many, "rules", $"at most {MaxRules} rules, got {many.Items.Count}");
        return errors.Count == before ? new OversightPolicy(controls.ToArray(), storeInputs, rules, retention) : null;
    }

    private static OversightRule? ReadRule(DataBinder bind, DataNode node, string path, Dictionary<string, int> seen)
    {
        var before = bind.Errors.Count;
        var rule = bind.AsMapping(node, path);
        if (rule is null) return null;
        bind.RejectUnknownKeys(rule, path, RuleKeys);
        var id = bind.String(rule, "id", path, required: true);
        if (id is not null)
        {
            var line = DataBinder.LineOf(rule, "id");
            if (!RuleId().IsMatch(id))
                bind.Error(line, DataBinder.Join(path, "id"), $"expected lower-case letters, digits, '-' or '_' (at most 64), got \"{id}\"");
            else if (id == OversightRouter.NoPolicyInForce || id == "appeal")
                bind.Error(line, DataBinder.Join(path, "id"), $"'{id}' is a reason Attest gives itself; choose another rule id");
            else if (seen.TryGetValue(id, out var first))
                bind.Error(line, DataBinder.Join(path, "id"), $"duplicate rule id '{id}' (first at line {first})");
            else
                seen[id] = line;
        }
        var description = bind.String(rule, "description", path);
        var route = bind.String(rule, "route", path);
        if (route is not null && route != "human_review")
            bind.Error(DataBinder.LineOf(rule, "route"), DataBinder.Join(path, "route"), $"expected human_review (a rule says when a person must look), got \"{route}\"");
        var slaText = bind.String(rule, "sla", path, required: true);
        var sla = ReviewDuration.Parse(slaText);
        if (slaText is not null && sla is null)
            bind.Error(DataBinder.LineOf(rule, "sla"), DataBinder.Join(path, "sla"), $"expected a duration such as 30m, 4h, 2d or 1d12h (at most a year), got \"{slaText}\"");
        var priority = bind.Enum<ReviewPriority>(rule, "priority", path) ?? ReviewPriority.Normal;
        var when = ReadConditions(bind, rule, DataBinder.Join(path, "when"));
        return bind.Errors.Count == before && id is not null && sla is not null && when is not null
            ? new OversightRule(id, when, sla.Value, priority, description)
            : null;
    }

    private static RuleConditions? ReadConditions(DataBinder bind, DataMapping rule, string path)
    {
        if (rule["when"] is null)
        {
            bind.Error(rule.Line, path, "required key is missing: say when the rule fires (" + string.Join(", ", RuleConditions.Names) + ")");
            return null;
        }
        var when = bind.AsMapping(rule["when"], path);
        if (when is null) return null;
        foreach (var entry in when.Entries.Where(e => !RuleConditions.Names.Contains(e.Key)))
            bind.Error(entry.Line, DataBinder.Join(path, entry.Key), $"unknown condition; expected one of {string.Join(", ", RuleConditions.Names)}");
        if (when.Entries.Count == 0)
            bind.Error(when, path, "names no condition; expected at least one of " + string.Join(", ", RuleConditions.Names));
        return new RuleConditions
        {
            ConfidenceBelow = when["confidence_below"] is { } c ? Confidence(bind, c, DataBinder.Join(path, "confidence_below")) : null,
            OutputIn = when["output_in"] is { } o ? Outputs(bind, o, DataBinder.Join(path, "output_in")) : null,
            SampleRate = when["sample_rate"] is { } s ? Share(bind, s, DataBinder.Join(path, "sample_rate"), "a sample rate") : null,
            FeatureOutside = when["feature_outside"] is { } f ? Ranges(bind, f, DataBinder.Join(path, "feature_outside")) : null,
            FactorAbove = when["factor_above"] is { } a ? Thresholds(bind, a, DataBinder.Join(path, "factor_above")) : null,
            Ungoverned = when["ungoverned"] is { } u ? Flag(bind, u, DataBinder.Join(path, "ungoverned")) : null,
        };
    }

    private static ConfidenceThreshold? Confidence(DataBinder bind, DataNode node, string path)
    {
        if (node is DataScalar)
            return Share(bind, node, path, "a confidence threshold") is { } t ? new ConfidenceThreshold(t, new Dictionary<string, double>()) : null;
        if (node is not DataMapping map)
        {
            bind.Error(node, path, $"expected a number from 0 to 1, or output → number (e.g. {{reject: 0.9, approve: 0.7}}), got {node.Describe()}");
            return null;
        }
        double? fallback = null;
        var per = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (Share(bind, entry.Value, DataBinder.Join(path, entry.Key), "a confidence threshold") is not { } t) continue;
            if (entry.Key == "*") fallback = t;
            else per[entry.Key] = t;
        }
        if (map.Entries.Count == 0) bind.Error(map, path, "names no output; give a number, or output → number");
        return new ConfidenceThreshold(fallback, per);
    }

    private static HashSet<string>? Outputs(DataBinder bind, DataNode node, string path)
    {
        if (node is not DataSequence { Items.Count: > 0 } list)
        {
            bind.Error(node, path, $"expected a list of outputs such as [reject, refer], got {node.Describe()}");
            return null;
        }
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            switch (list.Items[i])
            {
                case DataScalar { Kind: ScalarKind.String } s when s.Text.Length > 0:
                    set.Add(s.Text);
                    break;
                case DataScalar { Kind: ScalarKind.Number } n when double.TryParse(n.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d):
                    set.Add(CanonicalText.Number(d));
                    break;
                default:
                    bind.Error(list.Items[i], $"{path}[{i}]", $"expected an output (text or number), got {list.Items[i].Describe()}");
                    break;
            }
        }
        return set;
    }

    private static Dictionary<string, ValidatedRange>? Ranges(DataBinder bind, DataNode node, string path)
    {
        if (node is not DataMapping { Entries.Count: > 0 } map)
        {
            bind.Error(node, path, $"expected feature → [min, max] (e.g. {{income: [0, 1000000]}}), got {node.Describe()}");
            return null;
        }
        var ranges = new Dictionary<string, ValidatedRange>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            var at = DataBinder.Join(path, entry.Key);
            if (entry.Value is DataSequence { Items.Count: 2 } pair && Number(pair.Items[0]) is { } min && Number(pair.Items[1]) is { } max)
            {
                if (min > max) bind.Error(entry.Line, at, $"the range's minimum {CanonicalText.Number(min)} is above its maximum {CanonicalText.Number(max)}");
                else ranges[entry.Key] = new ValidatedRange(min, max);
            }
            else
            {
                bind.Error(entry.Line, at, $"expected [min, max] (two numbers), got {entry.Value.Describe()}");
            }
        }
        return ranges;
    }

    private static Dictionary<string, double>? Thresholds(DataBinder bind, DataNode node, string path)
    {
        if (node is not DataMapping { Entries.Count: > 0 } map)
        {
            bind.Error(node, path, $"expected factor → threshold (e.g. {{fraud_score: 0.95}}), got {node.Describe()}");
            return null;
        }
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (Number(entry.Value) is { } t) thresholds[entry.Key] = t;
            else bind.Error(entry.Line, DataBinder.Join(path, entry.Key), $"expected a number, got {entry.Value.Describe()}");
        }
        return thresholds;
    }

    private static double? Share(DataBinder bind, DataNode node, string path, string what)
    {
        if (Number(node) is { } value)
        {
            if (value is >= 0 and <= 1) return value;
            bind.Error(node, path, $"{what} is a number from 0 to 1, got {node.Describe()}");
            return null;
        }
        bind.Error(node, path, $"expected {what} (a number from 0 to 1), got {node.Describe()}");
        return null;
    }

    private static bool? Flag(DataBinder bind, DataNode node, string path)
    {
        if (node is DataScalar { Kind: ScalarKind.Bool } b) return b.Text == "true";
        bind.Error(node, path, $"expected true or false, got {node.Describe()}");
        return null;
    }

    private static double? Number(DataNode node) =>
        node is DataScalar { Kind: ScalarKind.Number } n
        && double.TryParse(n.Text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d : null;

    private static int LineOfItem(DataMapping mapping, string key, int index) =>
        mapping[key] is DataSequence s && index < s.Items.Count ? s.Items[index].Line : DataBinder.LineOf(mapping, key);

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleId();
}
