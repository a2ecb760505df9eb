using System.Text.Json.Nodes;

namespace Attest.Engine.Oversight;

/// <summary>Where a decision goes: a production system may act on it at once, or a person must look first.</summary>
public enum DecisionRoute { Auto, HumanReview }

/// <summary>How urgent a review is; the queue shows higher priorities first, then the soonest due.</summary>
public enum ReviewPriority { Low, Normal, High, Critical }

/// <summary>
/// An oversight policy (format <c>attest.oversight-policy/v1</c>): the controls it implements, whether raw inputs are
/// kept, and an ordered list of rules. A decision goes to human review when any rule fires, with every fired rule's id
/// as a reason; otherwise it is automatic. <see cref="RetentionDays"/>, when set, is how long the system's decisions are
/// kept after they were recorded (the batch Merkle roots and the ledger stay for good); unset keeps them for ever.
/// </summary>
public sealed record OversightPolicy(IReadOnlyList<string> Controls, bool StoreInputs, IReadOnlyList<OversightRule> Rules, int? RetentionDays = null)
{
    public const string Format = "attest.oversight-policy/v1";

    /// <summary>
    /// The shortest retention a policy may set: six months at their longest (184 days), the floor the AI Act sets for the
    /// logs of a high-risk system (Art. 19(1) for providers, Art. 26(6) for deployers).
    /// </summary>
    public const int MinRetentionDays = 184;

    /// <summary>The longest: one hundred years (beyond that, leave it unset).</summary>
    public const int MaxRetentionDays = 36_500;

    /// <summary>The policy as its normalised JSON document; its canonical form is what the policy's SHA-256 covers.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["format"] = Format,
            ["controls"] = new JsonArray([.. Controls.Select(c => (JsonNode)c)]),
            ["store_inputs"] = StoreInputs,
            ["rules"] = new JsonArray([.. Rules.Select(r => (JsonNode)r.ToJson())]),
        };
        // Absent when unset, so a policy without it hashes exactly as before the field existed.
        if (RetentionDays is { } days) o["retention_days"] = days;
        return o;
    }
}

/// <summary>
/// One rule: when every condition of <see cref="When"/> holds, the decision goes to human review within
/// <see cref="Sla"/>. (Several rules are alternatives; the conditions of one rule all have to hold.)
/// </summary>
public sealed record OversightRule(string Id, RuleConditions When, TimeSpan Sla, ReviewPriority Priority, string? Description = null)
{
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["id"] = Id,
            ["when"] = When.ToJson(),
            ["route"] = "human_review",
            ["sla"] = ReviewDuration.Format(Sla),
            ["priority"] = Classification.WireName.Of(Priority),
        };
        if (Description is not null) o["description"] = Description;
        return o;
    }
}

/// <summary>An inclusive range a numeric feature was validated on.</summary>
public readonly record struct ValidatedRange(double Min, double Max)
{
    public bool Contains(double value) => value >= Min && value <= Max;
}

/// <summary>
/// A confidence threshold, for every output (<see cref="Default"/>) and/or per output value. A per-output threshold
/// wins over the default; an output with neither is not judged by confidence.
/// </summary>
public sealed record ConfidenceThreshold(double? Default, IReadOnlyDictionary<string, double> PerOutput)
{
    public double? For(string output) => PerOutput.TryGetValue(output, out var t) ? t : Default;
}

/// <summary>The conditions of a rule's <c>when</c>; those set must all hold for the rule to fire.</summary>
public sealed record RuleConditions
{
    /// <summary><c>confidence_below</c>: the decision's confidence is below the threshold (a decision without confidence counts as below).</summary>
    public ConfidenceThreshold? ConfidenceBelow { get; init; }

    /// <summary><c>output_in</c>: the output (as text; numbers in canonical form) is one of these.</summary>
    public IReadOnlySet<string>? OutputIn { get; init; }

    /// <summary><c>sample_rate</c>: a share of decisions, chosen by their input digest (the same input always gets the same answer).</summary>
    public double? SampleRate { get; init; }

    /// <summary><c>feature_outside</c>: a feature is outside the range it was validated on (absent or not a number counts as outside).</summary>
    public IReadOnlyDictionary<string, ValidatedRange>? FeatureOutside { get; init; }

    /// <summary><c>factor_above</c>: a factor is above its threshold (an absent factor is not).</summary>
    public IReadOnlyDictionary<string, double>? FactorAbove { get; init; }

    /// <summary><c>ungoverned</c>: whether the model version had no approval in force when the decision occurred.</summary>
    public bool? Ungoverned { get; init; }

    /// <summary>The condition names a policy may use in <c>when</c>.</summary>
    public static readonly IReadOnlyList<string> Names = ["confidence_below", "output_in", "sample_rate", "feature_outside", "factor_above", "ungoverned"];

    public bool IsEmpty => ConfidenceBelow is null && OutputIn is null && SampleRate is null && FeatureOutside is null && FactorAbove is null && Ungoverned is null;

    public JsonObject ToJson()
    {
        var o = new JsonObject();
        if (ConfidenceBelow is { } c)
        {
            if (c.PerOutput.Count == 0 && c.Default is { } only)
            {
                o["confidence_below"] = only;
            }
            else
            {
                var per = new JsonObject();
                foreach (var (output, threshold) in c.PerOutput.OrderBy(p => p.Key, StringComparer.Ordinal)) per[output] = threshold;
                if (c.Default is { } d) per["*"] = d;
                o["confidence_below"] = per;
            }
        }
        if (OutputIn is { } outputs) o["output_in"] = new JsonArray([.. outputs.Order(StringComparer.Ordinal).Select(v => (JsonNode)v)]);
        if (SampleRate is { } rate) o["sample_rate"] = rate;
        if (FeatureOutside is { } ranges)
        {
            var r = new JsonObject();
            foreach (var (feature, range) in ranges.OrderBy(p => p.Key, StringComparer.Ordinal)) r[feature] = new JsonArray(range.Min, range.Max);
            o["feature_outside"] = r;
        }
        if (FactorAbove is { } factors)
        {
            var f = new JsonObject();
            foreach (var (factor, threshold) in factors.OrderBy(p => p.Key, StringComparer.Ordinal)) f[factor] = threshold;
            o["factor_above"] = f;
        }
        if (Ungoverned is { } u) o["ungoverned"] = u;
        return o;
    }
}
