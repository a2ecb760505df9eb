using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The inventory's EuAiActClass and Tier columns (the words the portfolio views filter and count by),
/// written from a classification. Mapped one by one so a renamed enum value cannot silently change them.
/// </summary>
public static class SystemClassColumns
{
    /// <summary>The class and the tier columns of a system whose intake leaves questions that decide its class unanswered.</summary>
    public const string Incomplete = "incomplete";

    public static string ClassColumn(EuAiActClass euClass) => euClass switch
    {
        EuAiActClass.Prohibited => "prohibited",
        EuAiActClass.HighRisk => "high_risk",
        EuAiActClass.LimitedRisk => "limited_risk",
        EuAiActClass.MinimalRisk => "minimal_risk",
        EuAiActClass.OutOfScope => "out_of_scope",
        EuAiActClass.Incomplete => Incomplete,
        _ => throw new ArgumentOutOfRangeException(nameof(euClass), euClass, "unknown EU AI Act class"),
    };

    public static string TierColumn(RiskTier tier) => tier switch
    {
        RiskTier.Critical => "critical",
        RiskTier.High => "high",
        RiskTier.Medium => "medium",
        RiskTier.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "unknown tier"),
    };
}
