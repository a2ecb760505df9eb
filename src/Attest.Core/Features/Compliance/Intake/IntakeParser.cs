using Attest.Core.DataFiles;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>The outcome of parsing intake answers: the typed answers, or the errors naming each bad key.</summary>
public sealed record IntakeParseResult(IntakeAnswers? Answers, IReadOnlyList<DataError> Errors)
{
    public bool Succeeded => Answers is not null && Errors.Count == 0;
}

/// <summary>
/// Parses <c>attest.intake/v1</c> answers from YAML or JSON into <see cref="IntakeAnswers"/>. Rejects unknown keys and
/// values, Annex III ids that do not exist, and contradictory answers, naming the key path (e.g.
/// <c>transparency.deep_fake</c>) and the line.
/// <para>
/// Every question takes an explicit answer: yes/no questions <c>yes</c>, <c>no</c> (or <c>true</c>, <c>false</c>) or
/// <c>unknown</c>; choices a value or <c>unknown</c>; lists a list, <c>none</c> (the same as <c>[]</c>) or
/// <c>unknown</c>; numbers a number or <c>unknown</c>. Only <c>name</c> is required to parse: a question left out is
/// recorded as unanswered (<see cref="IntakeAnswers.Unanswered"/>), one answered unknown as unknown, and the classifier
/// lists those that decide the outcome instead of assuming "no".
/// </para>
/// </summary>
public static class IntakeParser
{
    public const string UnknownWord = "unknown";
    public const string NoneWord = "none";

    public static IntakeParseResult Parse(string text, string file, AnnexIiiCatalog annexIii)
    {
        ArgumentNullException.ThrowIfNull(annexIii);
        var errors = new List<DataError>();
        var root = DataDocument.Parse(text, file, errors);
        if (errors.Count > 0)
            return new(null, errors);
        var b = new DataBinder(file, errors);
        if (root is null)
        {
            b.Error(1, "", "the file is empty; expected attest.intake/v1 answers");
            return new(null, errors);
        }
        if (b.AsMapping(root, "") is not { } m)
            return new(null, errors);

        b.RejectUnknownKeys(m, "", IntakeKeys.TopLevel);
        var format = b.String(m, "format", "");
        if (format is not null && format != IntakeAnswers.Format)
            b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {IntakeAnswers.Format}, got \"{format}\"");

        var name = b.String(m, "name", "", required: true, maxLength: 200);
        var description = b.String(m, "description", "", allowEmpty: true, maxLength: 4000);
        var a = new AnswerReader(b);
        var role = a.Choice<OperatorRole>(m, AnswerKeys.OperatorRole) ?? OperatorRole.Provider;
        var euNexus = a.YesNo(m, AnswerKeys.EuNexus);
        var exclusions = a.EnumList<ScopeExclusion>(m, AnswerKeys.Exclusions);
        var practices = a.EnumList<ProhibitedPractice>(m, AnswerKeys.ProhibitedPractices);
        var exceptions = a.EnumList<ProhibitedPracticeException>(m, AnswerKeys.ProhibitedExceptions);
        var annexI = a.YesNo(m, AnswerKeys.AnnexIProduct);
        var annexIiiIds = a.List(m, AnswerKeys.AnnexIii, (node, path) =>
        {
            if (node is DataScalar { Kind: ScalarKind.String } s && annexIii.Contains(s.Text))
                return s.Text;
            b.Error(node, path, $"{node.Describe()} is not an Annex III point; expected one of {string.Join(", ", annexIii.Points.Select(p => p.Id))}");
            return null;
        });
        var exemption = a.Derogation(m);
        var profiling = a.YesNo(m, AnswerKeys.Profiling);

        var t = a.Section(m, "transparency", IntakeKeys.Transparency);
        var transparency = new TransparencyAnswers
        {
            InteractsWithNaturalPersons = a.YesNo(t, AnswerKeys.InteractsWithNaturalPersons),
            GeneratesSyntheticContent = a.YesNo(t, AnswerKeys.GeneratesSyntheticContent),
            EmotionRecognitionOrBiometricCategorisation = a.YesNo(t, AnswerKeys.EmotionRecognitionOrBiometricCategorisation),
            DeepFake = a.YesNo(t, AnswerKeys.DeepFake),
            PublicInterestText = a.YesNo(t, AnswerKeys.PublicInterestText),
        };

        var g = a.Section(m, "gpai", IntakeKeys.Gpai);
        var gpai = new GpaiAnswers
        {
            IsGpaiModel = a.YesNo(g, AnswerKeys.IsGpaiModel),
            TrainingComputeFlops = a.Compute(g),
            DesignatedSystemicRisk = a.YesNo(g, AnswerKeys.DesignatedSystemicRisk),
            OpenLicence = a.YesNo(g, AnswerKeys.OpenLicence),
        };
        if (g is not null && a.IsKnown(AnswerKeys.IsGpaiModel) && !gpai.IsGpaiModel)
        {
            // A model that is not a GPAI model has nothing to answer here; "no" and "unknown" say nothing, a figure or "yes" contradicts.
            foreach (var key in new[] { "training_compute_flops", "designated_systemic_risk", "open_licence" })
            {
                if (g[key] is DataScalar { Kind: ScalarKind.Bool or ScalarKind.Number or ScalarKind.String } s && s.Text is not ("false" or "no" or UnknownWord))
                    b.Error(s, "gpai." + key, "answered for a model that is not a general-purpose AI model (gpai.is_gpai_model is no)");
            }
        }

        var d = a.Section(m, "deployer_context", IntakeKeys.DeployerContext);
        var deployerContext = new DeployerContext { PublicBodyOrPublicService = a.YesNo(d, AnswerKeys.PublicBodyOrPublicService) };

        var deployment = a.Choice<Deployment>(m, AnswerKeys.Deployment) ?? Deployment.Internal;
        var autonomy = a.Choice<Autonomy>(m, AnswerKeys.Autonomy) ?? Autonomy.HumanInTheLoop;
        var personalData = a.Choice<PersonalDataKind>(m, AnswerKeys.PersonalData) ?? PersonalDataKind.None;
        var affectedPeople = a.WholeNumber(m, AnswerKeys.AffectedPeople, 0, long.MaxValue / 2) ?? 0;
        var generative = a.YesNo(m, AnswerKeys.UsesGenerativeAi);
        var thirdParty = a.YesNo(m, AnswerKeys.ThirdPartyModel);

        // Contradictions: answers that the Regulation's tests cannot both hold.
        var practicesKnown = a.IsKnown(AnswerKeys.ProhibitedPractices);
        var impliedAnnexIii = practicesKnown && exceptions.Any(e => practices.Contains(LegalCitations.PracticeOf(e)));
        if (exemption is not null && a.IsKnown(AnswerKeys.AnnexIii) && annexIiiIds.Count == 0 && !impliedAnnexIii
            && !errors.Any(e => e.Path.StartsWith("annex_iii", StringComparison.Ordinal)))
            b.Error(DataBinder.LineOf(m, "art_6_3_exemption"), "art_6_3_exemption",
                "an Art 6(3) derogation applies only to a system listed in Annex III, but annex_iii is empty");
        if (practicesKnown && m["prohibited_exceptions"] is DataSequence exceptionNodes)
        {
            for (var i = 0; i < exceptionNodes.Items.Count && i < exceptions.Count; i++)
            {
                var practice = LegalCitations.PracticeOf(exceptions[i]);
                if (!practices.Contains(practice))
                    b.Error(exceptionNodes.Items[i], $"prohibited_exceptions[{i}]",
                        $"{WireName.Of(exceptions[i])} is the exception to {WireName.Of(practice)} ({LegalCitations.Article(practice)}), which is not in prohibited_practices");
            }
        }
        if (errors.Count > 0 || name is null)
            return new(null, errors.OrderBy(e => e.Line ?? 0).ToArray());

        return new(new IntakeAnswers
        {
            Name = name,
            Description = description,
            OperatorRole = role,
            EuNexus = euNexus,
            Exclusions = exclusions,
            ProhibitedPractices = practices,
            ProhibitedExceptions = exceptions,
            AnnexIProduct = annexI,
            AnnexIii = annexIiiIds,
            Art63Exemption = exemption,
            Profiling = profiling,
            Transparency = transparency,
            Gpai = gpai,
            DeployerContext = deployerContext,
            Deployment = deployment,
            Autonomy = autonomy,
            PersonalData = personalData,
            AffectedPeople = affectedPeople,
            UsesGenerativeAi = generative,
            ThirdPartyModel = thirdParty,
            Unanswered = a.Unanswered,
            Unknown = a.Unknown,
        }, []);
    }

    /// <summary>
    /// Reads one answer at a time, recording for each key (an <see cref="AnswerKeys"/> path) whether it was left out or
    /// answered unknown. A value that is neither valid nor a recognised word is an error naming the key.
    /// </summary>
    private sealed class AnswerReader(DataBinder b)
    {
        public HashSet<string> Unanswered { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Unknown { get; } = new(StringComparer.Ordinal);

        public bool IsKnown(string key) => !Unanswered.Contains(key) && !Unknown.Contains(key);

        private static string KeyOf(string path) => path[(path.LastIndexOf('.') + 1)..];

        private static string ParentOf(string path) => path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] : "";

        /// <summary>The node answering <paramref name="path"/>, or null after recording it as unanswered or unknown.</summary>
        private DataNode? Answer(DataMapping? section, string path)
        {
            var node = section?[KeyOf(path)];
            if (node is null)
            {
                Unanswered.Add(path);
                return null;
            }
            if (node is DataScalar { Kind: ScalarKind.String, Text: UnknownWord })
            {
                Unknown.Add(path);
                return null;
            }
            return node;
        }

        /// <summary>A section such as transparency; absent or null means every question in it is unanswered.</summary>
        public DataMapping? Section(DataMapping root, string key, IReadOnlyCollection<string> keys)
        {
            if (b.AsMapping(root[key], key, optional: true) is not { } section)
                return null;
            b.RejectUnknownKeys(section, key, keys);
            return section;
        }

        public bool YesNo(DataMapping? section, string path)
        {
            var node = Answer(section, path);
            switch (node)
            {
                case null:
                    return false;
                case DataScalar { Kind: ScalarKind.Bool } s:
                    return s.Text == "true";
                case DataScalar { Kind: ScalarKind.String, Text: "yes" or "no" } s:
                    return s.Text == "yes";
                default:
                    b.Error(node, path, $"expected yes, no or unknown (or true, false), got {node.Describe()}");
                    return false;
            }
        }

        public TEnum? Choice<TEnum>(DataMapping section, string path) where TEnum : struct, Enum
        {
            var node = Answer(section, path);
            if (node is null)
                return null;
            if (node is DataScalar { Kind: ScalarKind.String } s && WireName.TryParse<TEnum>(s.Text, out var value))
                return value;
            b.Error(node, path, $"expected one of {string.Join(", ", WireName.All<TEnum>())} or unknown, got {node.Describe()}");
            return null;
        }

        public IReadOnlyList<TEnum> EnumList<TEnum>(DataMapping section, string path) where TEnum : struct, Enum =>
            List(section, path, (node, itemPath) => b.EnumValue<TEnum>(node, itemPath) is { } v ? (object)v : null).Cast<TEnum>().ToArray();

        public IReadOnlyList<T> List<T>(DataMapping section, string path, Func<DataNode, string, T?> item) where T : class
        {
            var node = Answer(section, path);
            switch (node)
            {
                case null:
                    return [];
                case DataScalar { Kind: ScalarKind.String, Text: NoneWord }:
                    return [];
                case DataSequence sequence:
                    var list = new List<T>();
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        var itemPath = $"{path}[{i}]";
                        if (sequence.Items[i] is DataScalar { Kind: ScalarKind.String, Text: NoneWord or UnknownWord } word)
                            b.Error(word, itemPath, $"answer {word.Text} on its own (\"{path}: {word.Text}\"), not inside a list");
                        else if (item(sequence.Items[i], itemPath) is { } value)
                            list.Add(value);
                    }
                    return list;
                default:
                    b.Error(node, path, $"expected a list, none or unknown, got {node.Describe()}");
                    return [];
            }
        }

        /// <summary>art_6_3_exemption: a derogation, none (or null: no derogation is claimed), or unknown.</summary>
        public Art63Exemption? Derogation(DataMapping root)
        {
            var node = Answer(root, AnswerKeys.Art63Exemption);
            switch (node)
            {
                case null or DataScalar { Kind: ScalarKind.Null } or DataScalar { Kind: ScalarKind.String, Text: NoneWord }:
                    return null;
                case DataScalar { Kind: ScalarKind.String } s when WireName.TryParse<Art63Exemption>(s.Text, out var value):
                    return value;
                default:
                    b.Error(node, AnswerKeys.Art63Exemption, $"expected one of {string.Join(", ", WireName.All<Art63Exemption>())}, none or unknown, got {node.Describe()}");
                    return null;
            }
        }

        /// <summary>gpai.training_compute_flops: a number of 0 or more; null or unknown when not known.</summary>
        public double? Compute(DataMapping? gpai)
        {
            const string path = AnswerKeys.TrainingComputeFlops;
            var node = Answer(gpai, path);
            if (node is null or DataScalar { Kind: ScalarKind.Null })
            {
                if (node is not null)
                    Unknown.Add(path);
                return null;
            }
            if (node is DataScalar { Kind: ScalarKind.String } text)
            {
                b.Error(text, path, $"expected a number (for example 3e24) or unknown, got {text.Describe()}");
                return null;
            }
            var value = b.Number(gpai!, KeyOf(path), ParentOf(path));
            if (value < 0)
                b.Error(node, path, "expected a number of floating-point operations of 0 or more");
            return value is >= 0 ? value : null;
        }

        public long? WholeNumber(DataMapping section, string path, long min, long max)
        {
            var node = Answer(section, path);
            if (node is DataScalar { Kind: ScalarKind.String } text)
            {
                b.Error(text, path, $"expected a whole number from {min} or unknown, got {text.Describe()}");
                return null;
            }
            return node is null ? null : b.WholeNumber(section, KeyOf(path), ParentOf(path), min, max);
        }
    }
}
