namespace Attest.Engine.Classification;

/// <summary>The practices of Art 5(1), points (a) to (h), in that order.</summary>
public enum ProhibitedPractice
{
    SubliminalManipulation,
    ExploitingVulnerabilities,
    SocialScoring,
    CrimePredictionByProfiling,
    UntargetedFacialImageScraping,
    EmotionRecognitionWorkplaceEducation,
    BiometricCategorisationSensitiveTraits,
    RealtimeRemoteBiometricIdPublicLawEnforcement,
}

/// <summary>The exceptions Art 5 itself provides for three of its practices.</summary>
public enum ProhibitedPracticeException
{
    /// <summary>Art 5(1)(f): emotion recognition put in place for medical or safety reasons.</summary>
    MedicalOrSafetyReasons,
    /// <summary>Art 5(1)(g): labelling or filtering of lawfully acquired biometric datasets.</summary>
    LawfulLabellingOrFiltering,
    /// <summary>Art 5(1)(h)(i)–(iii), with prior authorisation under Art 5(2)–(7).</summary>
    TargetedSearchThreatOrSuspect,
}
