using Attest.Engine.Rules;

namespace Attest.Core.DataFiles;

/// <summary>
/// Reads an applicability rule: a list of conditions, any of which may hold; each condition maps a fact
/// (see <see cref="FactNames"/>) to one value or a list of values. A single mapping is one condition.
/// <code>
/// applies_when:
///   - eu_class: high_risk
///     operator_role: [provider, product_manufacturer]
///   - gpai: gpai_systemic_risk
/// </code>
/// </summary>
public static class ApplicabilityReader
{
    public static ApplicabilityRule Read(DataBinder b, DataMapping parent, string key, string path)
    {
        var node = parent[key];
        var rulePath = DataBinder.Join(path, key);
        switch (node)
        {
            case null or DataScalar { Kind: ScalarKind.Null }:
                return ApplicabilityRule.Always;
            case DataMapping single:
                return new ApplicabilityRule([ReadCondition(b, single, rulePath)]);
            case DataSequence list:
                var conditions = new List<FactCondition>();
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (b.AsMapping(list.Items[i], $"{rulePath}[{i}]") is { } m)
                        conditions.Add(ReadCondition(b, m, $"{rulePath}[{i}]"));
                }
                return new ApplicabilityRule(conditions);
            default:
                b.Error(node, rulePath, $"expected a condition (fact: values) or a list of conditions, got {node.Describe()}");
                return ApplicabilityRule.Always;
        }
    }

    private static FactCondition ReadCondition(DataBinder b, DataMapping condition, string path)
    {
        var clauses = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (condition.Entries.Count == 0)
            b.Error(condition, path, "an empty condition; list at least one fact");
        foreach (var entry in condition.Entries)
        {
            var factPath = DataBinder.Join(path, entry.Key);
            if (!FactNames.Known.TryGetValue(entry.Key, out var allowed))
            {
                b.Error(entry.Line, factPath, $"unknown fact; expected one of {string.Join(", ", FactNames.Known.Keys)}");
                continue;
            }
            var valueNodes = entry.Value is DataSequence seq ? seq.Items : [entry.Value];
            var values = new List<string>();
            foreach (var valueNode in valueNodes)
            {
                if (valueNode is DataScalar { Kind: not ScalarKind.Null } s && (allowed is null || allowed.Contains(s.Text)))
                    values.Add(s.Text);
                else
                    b.Error(valueNode, factPath, allowed is null
                        ? $"expected text, got {valueNode.Describe()}"
                        : $"expected one of {string.Join(", ", allowed)}, got {valueNode.Describe()}");
            }
            if (values.Count == 0 && valueNodes.Count == 0)
                b.Error(entry.Line, factPath, "an empty list of values never matches");
            clauses[entry.Key] = values;
        }
        return new FactCondition(clauses);
    }
}
