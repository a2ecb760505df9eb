using Attest.Engine.Rules;

namespace Attest.Engine.Intake;

/// <summary>One routing rule from the data file: send the system to this reviewer when the rule matches.</summary>
public sealed record RoutingRule(string Reviewer, string Reason, ApplicabilityRule When);

/// <summary>Which specialist reviews an AI system needs, from rules kept as data.</summary>
public static class ReviewRouting
{
    public static IReadOnlyList<Classification.ReviewRoute> Route(IReadOnlyList<RoutingRule> rules, SystemFacts facts)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(facts);
        var routes = new List<Classification.ReviewRoute>();
        foreach (var rule in rules)
        {
            if (rule.When.Matches(facts) && routes.All(r => r.Reviewer != rule.Reviewer))
                routes.Add(new Classification.ReviewRoute(rule.Reviewer, rule.Reason));
        }
        return routes;
    }
}
