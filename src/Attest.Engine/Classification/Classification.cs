namespace Attest.Engine.Classification;

/// <summary>
/// The result of classifying one intake: the EU AI Act class with the provisions that decided it,
/// the Art 50 duties, the GPAI status, the operator's obligations with their dates, the internal
/// tier with the factors that raised it, and one reason per deciding test. When questions that decide the outcome
/// have no answer, the result is <see cref="ClassificationStatus.Incomplete"/>: class <see cref="EuAiActClass.Incomplete"/>,
/// no GPAI status, tier, obligations or basis, and <see cref="Missing"/> lists the questions. Never a class from silence.
/// </summary>
public sealed record Classification
{
    public required EuAiActClass Class { get; init; }
    public required IReadOnlyList<string> Basis { get; init; }
    public required IReadOnlyList<TransparencyDuty> Transparency { get; init; }
    /// <summary>The Chapter V status; null when the result is incomplete.</summary>
    public required GpaiStatus? Gpai { get; init; }
    public required IReadOnlyList<string> GpaiBasis { get; init; }
    public required IReadOnlyList<Obligation> Obligations { get; init; }
    /// <summary>The internal tier; null when the result is incomplete.</summary>
    public required RiskTier? Tier { get; init; }
    public required IReadOnlyList<string> TierFactors { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required string CalendarName { get; init; }
    public required bool CalendarVerified { get; init; }

    /// <summary>The high-risk route(s) taken, empty unless <see cref="Class"/> is high-risk.</summary>
    public IReadOnlyList<HighRiskRoute> HighRiskRoutes { get; init; } = [];

    /// <summary>The Annex III points the system falls under: those answered plus those implied by an excepted Art 5 practice.</summary>
    public IReadOnlyList<string> AnnexIiiPoints { get; init; } = [];

    /// <summary>True when an Art 6(3) derogation took an Annex III system out of high-risk.</summary>
    public bool Art63ExemptionApplied { get; init; }

    /// <summary>True when Art 27 requires the deployer to assess the impact on fundamental rights.</summary>
    public bool FundamentalRightsImpactAssessmentRequired { get; init; }

    /// <summary>The questions that decide the outcome and have no answer, in the order of the tests; empty when complete.</summary>
    public IReadOnlyList<MissingAnswer> Missing { get; init; } = [];

    public ClassificationStatus Status => Missing.Count == 0 ? ClassificationStatus.Complete : ClassificationStatus.Incomplete;

    public bool IsComplete => Missing.Count == 0;

    public IReadOnlyList<string> TransparencyArticles => Transparency.Select(t => t.Article).Distinct().ToArray();
}

/// <summary>Why a system is high-risk: Art 6(1) (Annex I product) or Art 6(2) (Annex III use).</summary>
public enum HighRiskRoute
{
    AnnexI,
    AnnexIii,
}
