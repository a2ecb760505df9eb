namespace Attest.Engine.Rules;

/// <summary>
/// A conjunction of clauses "fact has one of these values". A clause on a fact that is not known
/// holds, so an unknown fact never hides a control.
/// </summary>
public sealed record FactCondition(IReadOnlyDictionary<string, IReadOnlyList<string>> Clauses)
{
    public bool Matches(SystemFacts facts) =>
        Clauses.All(clause => !facts.TryGet(clause.Key, out var values) || clause.Value.Any(values.Contains));
}

/// <summary>A disjunction of conditions; with no conditions the rule always applies.</summary>
public sealed record ApplicabilityRule(IReadOnlyList<FactCondition> AnyOf)
{
    public static ApplicabilityRule Always { get; } = new([]);

    public bool IsAlways => AnyOf.Count == 0;

    public bool Matches(SystemFacts facts) => IsAlways || AnyOf.Any(c => c.Matches(facts));
}
