namespace Attest.Engine.Classification;

/// <summary>
/// The answers of an <c>attest.intake/v1</c> document (shared/specs/intake-answers-v1.md), typed. A question that was
/// left out is in <see cref="Unanswered"/>, one answered <c>unknown</c> in <see cref="Unknown"/> (both by their
/// <see cref="AnswerKeys"/> path); its typed value is then only a placeholder, which the classifier never decides with:
/// it reports the question as missing instead (<see cref="Classifier"/>). Answers built in code are all known.
/// </summary>
public sealed record IntakeAnswers
{
    public const string Format = "attest.intake/v1";

    public required string Name { get; init; }
    public string? Description { get; init; }
    public required OperatorRole OperatorRole { get; init; }
    public required bool EuNexus { get; init; }
    public IReadOnlyList<ScopeExclusion> Exclusions { get; init; } = [];
    public IReadOnlyList<ProhibitedPractice> ProhibitedPractices { get; init; } = [];
    public IReadOnlyList<ProhibitedPracticeException> ProhibitedExceptions { get; init; } = [];
    public bool AnnexIProduct { get; init; }
    /// <summary>Annex III point ids such as "III.4(a)"; checked against the Annex III data file on parsing.</summary>
    public IReadOnlyList<string> AnnexIii { get; init; } = [];
    public Art63Exemption? Art63Exemption { get; init; }
    public bool Profiling { get; init; }
    public TransparencyAnswers Transparency { get; init; } = new();
    public GpaiAnswers Gpai { get; init; } = new();
    public DeployerContext DeployerContext { get; init; } = new();
    public Deployment Deployment { get; init; } = Deployment.Internal;
    public Autonomy Autonomy { get; init; } = Autonomy.HumanInTheLoop;
    public PersonalDataKind PersonalData { get; init; } = PersonalDataKind.None;
    public long AffectedPeople { get; init; }
    public bool UsesGenerativeAi { get; init; }
    public bool ThirdPartyModel { get; init; }

    /// <summary>Questions left out of the intake.</summary>
    public IReadOnlySet<string> Unanswered { get; init; } = new HashSet<string>();

    /// <summary>Questions answered <c>unknown</c>.</summary>
    public IReadOnlySet<string> Unknown { get; init; } = new HashSet<string>();

    /// <summary>Whether the question has an answer to decide with (a compute figure must also be a number).</summary>
    public bool IsKnown(string key) =>
        !Unanswered.Contains(key) && !Unknown.Contains(key) && (key != AnswerKeys.TrainingComputeFlops || Gpai.TrainingComputeFlops is not null);

    /// <summary>Why a question has no answer: answered unknown, or left out (a compute figure of null counts as unknown).</summary>
    public AnswerGap GapOf(string key) => Unanswered.Contains(key) ? AnswerGap.Unanswered : AnswerGap.Unknown;
}

/// <summary>The Art 50 questions.</summary>
public sealed record TransparencyAnswers
{
    public bool InteractsWithNaturalPersons { get; init; }
    public bool GeneratesSyntheticContent { get; init; }
    public bool EmotionRecognitionOrBiometricCategorisation { get; init; }
    public bool DeepFake { get; init; }
    public bool PublicInterestText { get; init; }
}

/// <summary>The Chapter V questions, for a general-purpose AI model the organisation provides.</summary>
public sealed record GpaiAnswers
{
    public bool IsGpaiModel { get; init; }
    /// <summary>Cumulative training compute in FLOPs; null when not known.</summary>
    public double? TrainingComputeFlops { get; init; }
    public bool DesignatedSystemicRisk { get; init; }
    public bool OpenLicence { get; init; }
}

/// <summary>What matters for deployers of high-risk systems (Art 26, 27).</summary>
public sealed record DeployerContext
{
    public bool PublicBodyOrPublicService { get; init; }
}
