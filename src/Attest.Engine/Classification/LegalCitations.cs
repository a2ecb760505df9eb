namespace Attest.Engine.Classification;

/// <summary>The article each answer value stands for, and a plain description of it, as cited in reasons.</summary>
public static class LegalCitations
{
    public static string Article(ScopeExclusion exclusion) => exclusion switch
    {
        ScopeExclusion.MilitaryDefenceNationalSecurity => "Art 2(3)",
        ScopeExclusion.ScientificResearchOnly => "Art 2(6)",
        ScopeExclusion.PreMarketResearchTesting => "Art 2(8)",
        ScopeExclusion.PersonalNonProfessional => "Art 2(10)",
        ScopeExclusion.FreeOpenSource => "Art 2(12)",
        _ => throw new ArgumentOutOfRangeException(nameof(exclusion)),
    };

    public static string Describe(ScopeExclusion exclusion) => exclusion switch
    {
        ScopeExclusion.MilitaryDefenceNationalSecurity => "used exclusively for military, defence or national security purposes",
        ScopeExclusion.ScientificResearchOnly => "developed and put into service for the sole purpose of scientific research and development",
        ScopeExclusion.PreMarketResearchTesting => "in research, testing or development before being placed on the market or put into service",
        ScopeExclusion.PersonalNonProfessional => "used by a deployer who is a natural person in a purely personal, non-professional activity",
        ScopeExclusion.FreeOpenSource => "released under a free and open-source licence",
        _ => throw new ArgumentOutOfRangeException(nameof(exclusion)),
    };

    public static string Article(ProhibitedPractice practice) => practice switch
    {
        ProhibitedPractice.SubliminalManipulation => "Art 5(1)(a)",
        ProhibitedPractice.ExploitingVulnerabilities => "Art 5(1)(b)",
        ProhibitedPractice.SocialScoring => "Art 5(1)(c)",
        ProhibitedPractice.CrimePredictionByProfiling => "Art 5(1)(d)",
        ProhibitedPractice.UntargetedFacialImageScraping => "Art 5(1)(e)",
        ProhibitedPractice.EmotionRecognitionWorkplaceEducation => "Art 5(1)(f)",
        ProhibitedPractice.BiometricCategorisationSensitiveTraits => "Art 5(1)(g)",
        ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement => "Art 5(1)(h)",
        _ => throw new ArgumentOutOfRangeException(nameof(practice)),
    };

    public static string Describe(ProhibitedPractice practice) => practice switch
    {
        ProhibitedPractice.SubliminalManipulation => "subliminal, manipulative or deceptive techniques that materially distort behaviour and cause significant harm",
        ProhibitedPractice.ExploitingVulnerabilities => "exploiting vulnerabilities due to age, disability or a social or economic situation",
        ProhibitedPractice.SocialScoring => "social scoring leading to detrimental or unfavourable treatment",
        ProhibitedPractice.CrimePredictionByProfiling => "predicting the risk of a criminal offence solely from profiling or personality traits",
        ProhibitedPractice.UntargetedFacialImageScraping => "building facial recognition databases by untargeted scraping of facial images",
        ProhibitedPractice.EmotionRecognitionWorkplaceEducation => "inferring emotions in the workplace or in education",
        ProhibitedPractice.BiometricCategorisationSensitiveTraits => "biometric categorisation to infer race, political opinions, trade union membership, beliefs, sex life or sexual orientation",
        ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement => "real-time remote biometric identification in publicly accessible spaces for law enforcement",
        _ => throw new ArgumentOutOfRangeException(nameof(practice)),
    };

    /// <summary>The practice an Art 5 exception belongs to.</summary>
    public static ProhibitedPractice PracticeOf(ProhibitedPracticeException exception) => exception switch
    {
        ProhibitedPracticeException.MedicalOrSafetyReasons => ProhibitedPractice.EmotionRecognitionWorkplaceEducation,
        ProhibitedPracticeException.LawfulLabellingOrFiltering => ProhibitedPractice.BiometricCategorisationSensitiveTraits,
        ProhibitedPracticeException.TargetedSearchThreatOrSuspect => ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement,
        _ => throw new ArgumentOutOfRangeException(nameof(exception)),
    };

    /// <summary>
    /// The Annex III point a practice falls under once Art 5 excepts it: emotion recognition is Annex III.1(c),
    /// biometric categorisation by sensitive attributes III.1(b), remote biometric identification III.1(a).
    /// </summary>
    public static string? AnnexIiiPointOf(ProhibitedPractice practice) => practice switch
    {
        ProhibitedPractice.EmotionRecognitionWorkplaceEducation => "III.1(c)",
        ProhibitedPractice.BiometricCategorisationSensitiveTraits => "III.1(b)",
        ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement => "III.1(a)",
        _ => null,
    };

    public static string Describe(ProhibitedPracticeException exception) => exception switch
    {
        ProhibitedPracticeException.MedicalOrSafetyReasons => "it is put in place for medical or safety reasons",
        ProhibitedPracticeException.LawfulLabellingOrFiltering => "it only labels or filters lawfully acquired biometric datasets",
        ProhibitedPracticeException.TargetedSearchThreatOrSuspect => "its use is strictly necessary for a targeted search, an imminent threat or a suspect of a serious offence, with prior authorisation (Art 5(2)–(7))",
        _ => throw new ArgumentOutOfRangeException(nameof(exception)),
    };

    public static string Article(Art63Exemption exemption) => exemption switch
    {
        Art63Exemption.NarrowProceduralTask => "Art 6(3)(a)",
        Art63Exemption.ImprovesCompletedHumanActivity => "Art 6(3)(b)",
        Art63Exemption.DetectsPatternsWithoutReplacingReview => "Art 6(3)(c)",
        Art63Exemption.PreparatoryTask => "Art 6(3)(d)",
        _ => throw new ArgumentOutOfRangeException(nameof(exemption)),
    };

    public static string Describe(Art63Exemption exemption) => exemption switch
    {
        Art63Exemption.NarrowProceduralTask => "performs a narrow procedural task",
        Art63Exemption.ImprovesCompletedHumanActivity => "improves the result of a previously completed human activity",
        Art63Exemption.DetectsPatternsWithoutReplacingReview => "detects decision-making patterns without replacing or influencing the human assessment without proper review",
        Art63Exemption.PreparatoryTask => "performs a preparatory task to an assessment relevant for an Annex III use case",
        _ => throw new ArgumentOutOfRangeException(nameof(exemption)),
    };

    /// <summary>"III.4(a)" → "Annex III.4(a)".</summary>
    public static string AnnexIiiBasis(string annexIiiId) => "Annex " + annexIiiId;

    /// <summary>"III.4(a)" → "4"; "III.2" → "2".</summary>
    public static string AnnexIiiArea(string annexIiiId)
    {
        var rest = annexIiiId.StartsWith("III.", StringComparison.Ordinal) ? annexIiiId[4..] : annexIiiId;
        var paren = rest.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? rest : rest[..paren];
    }
}
