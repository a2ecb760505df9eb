namespace Attest.Engine.Classification;

/// <summary>The exclusions of Art 2 an intake may claim.</summary>
public enum ScopeExclusion
{
    /// <summary>Art 2(3).</summary>
    MilitaryDefenceNationalSecurity,
    /// <summary>Art 2(6).</summary>
    ScientificResearchOnly,
    /// <summary>Art 2(8).</summary>
    PreMarketResearchTesting,
    /// <summary>Art 2(10).</summary>
    PersonalNonProfessional,
    /// <summary>Art 2(12): does not exclude prohibited, high-risk or Art 50 systems.</summary>
    FreeOpenSource,
}
