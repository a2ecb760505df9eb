namespace Attest.Engine.Oversight;

/// <summary>
/// What a new policy version changes in who gets looked at: rules added or removed, and every threshold that moved
/// (confidence, sample rate, validated ranges, factor thresholds, the outputs always seen, the ungoverned rule). For a
/// high-risk system any such change is material: the oversight measures are part of what was approved (EU AI Act Art 14).
/// SLA, priority and description changes are not threshold changes.
/// </summary>
public static class OversightPolicyChanges
{
    /// <summary>Each threshold change, as a sentence naming the rule and the old and new value; empty for a first policy.</summary>
    public static IReadOnlyList<string> ThresholdChanges(OversightPolicy? before, OversightPolicy after)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (before is null) return [];
        var changes = new List<string>();
        var old = before.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var now = after.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var removed in before.Rules.Where(r => !now.ContainsKey(r.Id)))
            changes.Add($"rule {removed.Id} removed");
        foreach (var rule in after.Rules)
        {
            if (!old.TryGetValue(rule.Id, out var previous))
            {
                changes.Add($"rule {rule.Id} added");
                continue;
            }
            Compare(changes, rule.Id, previous.When, rule.When);
        }
        // How long the decision log is kept is part of the oversight measures: shortening it deletes records sooner.
        if (before.RetentionDays != after.RetentionDays)
            changes.Add($"retention_days: {Days(before.RetentionDays)} → {Days(after.RetentionDays)}");
        return changes;
    }

    private static string Days(int? days) => days is { } d ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unset (kept for ever)";

    private static void Compare(List<string> changes, string id, RuleConditions a, RuleConditions b)
    {
        var x = a.ToJson();
        var y = b.ToJson();
        foreach (var name in RuleConditions.Names)
        {
            var before = x[name]?.ToJsonString();
            var after = y[name]?.ToJsonString();
            if (before == after) continue;
            changes.Add($"rule {id}: {name} {Describe(before)} → {Describe(after)}");
        }
    }

    private static string Describe(string? json) => json ?? "(none)";

    /// <summary>Whether the changes are material for a system of this tier: any threshold change of a high or critical tier system.</summary>
    public static bool IsMaterial(IReadOnlyList<string> changes, string? tier)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes.Count > 0 && tier is not null
            && (string.Equals(tier, "high", StringComparison.Ordinal) || string.Equals(tier, "critical", StringComparison.Ordinal));
    }
}
