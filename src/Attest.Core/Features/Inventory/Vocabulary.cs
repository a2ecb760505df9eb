namespace Attest.Core.Features.Inventory;

/// <summary>Allowed words for the provisional classification fields until intake computes them.</summary>
public static class Vocabulary
{
    public static readonly IReadOnlyList<string> EuAiActClasses = ["prohibited", "high_risk", "limited_risk", "minimal_risk", "out_of_scope"];
    public static readonly IReadOnlyList<string> Tiers = ["critical", "high", "medium", "low"];

    /// <summary>
    /// What the inventory can be filtered by: the words above and "incomplete", the class and tier columns of a system whose
    /// intake leaves questions that decide its class unanswered (set by the intake, never by hand).
    /// </summary>
    public static readonly IReadOnlyList<string> ClassFilters = [.. EuAiActClasses, "incomplete"];

    public static readonly IReadOnlyList<string> TierFilters = [.. Tiers, "incomplete"];
}
