namespace Attest.Engine.Classification;

/// <summary>
/// The answer keys of an <c>attest.intake/v1</c> document as dotted paths (e.g. <c>transparency.deep_fake</c>): the
/// names the classifier uses when it says which questions are missing, and the parser and the wizard use for fields.
/// </summary>
public static class AnswerKeys
{
    public const string OperatorRole = "operator_role";
    public const string EuNexus = "eu_nexus";
    public const string Exclusions = "exclusions";
    public const string ProhibitedPractices = "prohibited_practices";
    public const string ProhibitedExceptions = "prohibited_exceptions";
    public const string AnnexIProduct = "annex_i_product";
    public const string AnnexIii = "annex_iii";
    public const string Art63Exemption = "art_6_3_exemption";
    public const string Profiling = "profiling";
    public const string InteractsWithNaturalPersons = "transparency.interacts_with_natural_persons";
    public const string GeneratesSyntheticContent = "transparency.generates_synthetic_content";
    public const string EmotionRecognitionOrBiometricCategorisation = "transparency.emotion_recognition_or_biometric_categorisation";
    public const string DeepFake = "transparency.deep_fake";
    public const string PublicInterestText = "transparency.public_interest_text";
    public const string IsGpaiModel = "gpai.is_gpai_model";
    public const string TrainingComputeFlops = "gpai.training_compute_flops";
    public const string DesignatedSystemicRisk = "gpai.designated_systemic_risk";
    public const string OpenLicence = "gpai.open_licence";
    public const string PublicBodyOrPublicService = "deployer_context.public_body_or_public_service";
    public const string Deployment = "deployment";
    public const string Autonomy = "autonomy";
    public const string PersonalData = "personal_data";
    public const string AffectedPeople = "affected_people";
    public const string UsesGenerativeAi = "uses_generative_ai";
    public const string ThirdPartyModel = "third_party_model";

    /// <summary>The Art 50 questions, in the order of its paragraphs.</summary>
    public static readonly IReadOnlyList<string> Transparency =
        [InteractsWithNaturalPersons, GeneratesSyntheticContent, EmotionRecognitionOrBiometricCategorisation, DeepFake, PublicInterestText];

    /// <summary>
    /// Questions needed whatever the class: the role decides whose obligations apply (and whether Art 2(10) can), and
    /// the internal facts set the tier and the controls and reviews (control rules and review routing read them).
    /// </summary>
    public static readonly IReadOnlyList<string> AlwaysNeeded =
        [OperatorRole, EuNexus, Profiling, Deployment, Autonomy, PersonalData, AffectedPeople, UsesGenerativeAi, ThirdPartyModel];

    /// <summary>Every question the classifier may need, in the order of the intake (the name and description are not among them).</summary>
    public static readonly IReadOnlyList<string> All =
    [
        OperatorRole, EuNexus, Exclusions, ProhibitedPractices, ProhibitedExceptions, AnnexIProduct, AnnexIii, Art63Exemption, Profiling,
        .. Transparency,
        IsGpaiModel, TrainingComputeFlops, DesignatedSystemicRisk, OpenLicence, PublicBodyOrPublicService,
        Deployment, Autonomy, PersonalData, AffectedPeople, UsesGenerativeAi, ThirdPartyModel,
    ];

    /// <summary>The position of a key in <see cref="All"/>, to list missing answers in the order of the intake.</summary>
    public static int Order(string key)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == key)
                return i;
        }
        return All.Count;
    }

    /// <summary>What an answer decides, in a few words citing the article, for the list of missing answers.</summary>
    public static string Decides(string key) => key switch
    {
        OperatorRole => "whose obligations apply: they depend on your role (Art 3(3)-(8), Art 25)",
        EuNexus => "whether the Regulation applies at all (Art 2(1))",
        Exclusions => "whether an exclusion of Art 2 applies (Art 2(3), (6), (8), (10), (12))",
        ProhibitedPractices => "whether the system is a prohibited practice (Art 5(1))",
        ProhibitedExceptions => "whether Art 5's own exception lifts a ticked practice (Art 5(1)(f)-(h))",
        AnnexIProduct => "whether the system is high-risk as an Annex I product (Art 6(1))",
        AnnexIii => "whether the system is high-risk as an Annex III use (Art 6(2))",
        Art63Exemption => "whether the Art 6(3) derogation takes the Annex III system out of high-risk (Art 6(3), 6(4), 49(2))",
        Profiling => "whether an Annex III system may use the Art 6(3) derogation (never with profiling), and the controls and reviews for profiling",
        InteractsWithNaturalPersons => "the transparency duty of Art 50(1)",
        GeneratesSyntheticContent => "the marking duty of Art 50(2)",
        EmotionRecognitionOrBiometricCategorisation => "the transparency duty of Art 50(3)",
        DeepFake => "the deep-fake disclosure of Art 50(4)",
        PublicInterestText => "the disclosure of AI-written public-interest text (Art 50(4))",
        IsGpaiModel => "whether Chapter V applies to a general-purpose AI model you provide (Art 3(63), Art 53)",
        TrainingComputeFlops => "whether systemic risk is presumed above 10^25 FLOPs (Art 51(2))",
        DesignatedSystemicRisk => "whether the Commission designated the model as having systemic risk (Art 51(1)(b))",
        OpenLicence => "whether the open-licence relief of Art 53(2) drops Art 53(1)(a) and (b)",
        PublicBodyOrPublicService => "whether the deployer owes a fundamental rights impact assessment (Art 27(1))",
        Deployment or Autonomy or PersonalData or AffectedPeople => "the internal risk tier and the controls that apply",
        UsesGenerativeAi or ThirdPartyModel => "the controls and specialist reviews that apply",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not an intake answer key"),
    };
}
