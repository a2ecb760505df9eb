namespace Attest.Core.Features.Inventory;

/// <summary>Allowed words for the provisional classification fields until intake computes them.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> EuAiActClasses = ["prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope"];
    public static readonly IReadOnlyList<string> Tiers = ["critical", "high", "medium", "low"];
}
