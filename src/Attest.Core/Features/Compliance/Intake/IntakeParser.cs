using Attest.Core.DataFiles;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance.Intake;

/// <summary>The outcome of parsing intake answers: the typed answers, or the errors naming each bad key.</summary>
public sealed record IntakeParseResult(IntakeAnswers? Answers, IReadOnlyList<DataError> Errors)
{
    public bool Succeeded => Answers is not null && Errors.Count == 0;
}

/// <summary>
/// Parses <c>attest.intake/v1</c> answers from YAML or JSON into <see cref="IntakeAnswers"/>. Rejects
/// unknown keys and values, Annex III ids that do not exist, and contradictory answers, naming the key
/// path (e.g. <c>transparency.deep_fake</c>) and the line. Keys other than <c>name</c> may be left out
/// and then take the values the spec's example shows (an in-scope provider with nothing ticked).
/// </summary>
public static class IntakeParser
{
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
        var role = b.Enum<OperatorRole>(m, "operator_role", "") ?? OperatorRole.Provider;
        var euNexus = b.Bool(m, "eu_nexus", "", defaultValue: true);
        var exclusions = b.EnumList<ScopeExclusion>(m, "exclusions", "");
        var practices = b.EnumList<ProhibitedPractice>(m, "prohibited_practices", "");
        var exceptions = b.EnumList<ProhibitedPracticeException>(m, "prohibited_exceptions", "");
        var annexI = b.Bool(m, "annex_i_product", "");
        var annexIiiIds = b.List(m, "annex_iii", "", (node, path) =>
        {
            if (node is DataScalar { Kind: ScalarKind.String } s && annexIii.Contains(s.Text))
                return s.Text;
            b.Error(node, path, $"{node.Describe()} is not an Annex III point; expected one of {string.Join(", ", annexIii.Points.Select(p => p.Id))}");
            return null;
        });
        var exemption = b.Enum<Art63Exemption>(m, "art_6_3_exemption", "", allowNull: true);
        var profiling = b.Bool(m, "profiling", "");

        var transparency = new TransparencyAnswers();
        if (b.AsMapping(m["transparency"], "transparency", optional: true) is { } t)
        {
            b.RejectUnknownKeys(t, "transparency", IntakeKeys.Transparency);
            transparency = new TransparencyAnswers
            {
                InteractsWithNaturalPersons = b.Bool(t, "interacts_with_natural_persons", "transparency"),
                GeneratesSyntheticContent = b.Bool(t, "generates_synthetic_content", "transparency"),
                EmotionRecognitionOrBiometricCategorisation = b.Bool(t, "emotion_recognition_or_biometric_categorisation", "transparency"),
                DeepFake = b.Bool(t, "deep_fake", "transparency"),
                PublicInterestText = b.Bool(t, "public_interest_text", "transparency"),
            };
        }

        var gpai = new GpaiAnswers();
        if (b.AsMapping(m["gpai"], "gpai", optional: true) is { } g)
        {
            b.RejectUnknownKeys(g, "gpai", IntakeKeys.Gpai);
            gpai = new GpaiAnswers
            {
                IsGpaiModel = b.Bool(g, "is_gpai_model", "gpai"),
                TrainingComputeFlops = b.Number(g, "training_compute_flops", "gpai"),
                DesignatedSystemicRisk = b.Bool(g, "designated_systemic_risk", "gpai"),
                OpenLicence = b.Bool(g, "open_licence", "gpai"),
            };
            if (gpai.TrainingComputeFlops < 0)
                b.Error(DataBinder.LineOf(g, "training_compute_flops"), "gpai.training_compute_flops", "expected a number of floating-point operations of 0 or more");
            if (!gpai.IsGpaiModel)
            {
                foreach (var key in new[] { "training_compute_flops", "designated_systemic_risk", "open_licence" })
                {
                    if (g[key] is DataScalar { Kind: not ScalarKind.Null } s && s.Text != "false")
                        b.Error(s, "gpai." + key, "answered for a model that is not a general-purpose AI model (gpai.is_gpai_model is false)");
                }
            }
        }

        var deployerContext = new DeployerContext();
        if (b.AsMapping(m["deployer_context"], "deployer_context", optional: true) is { } d)
        {
            b.RejectUnknownKeys(d, "deployer_context", IntakeKeys.DeployerContext);
            deployerContext = new DeployerContext { PublicBodyOrPublicService = b.Bool(d, "public_body_or_public_service", "deployer_context") };
        }

        var deployment = b.Enum<Deployment>(m, "deployment", "") ?? Deployment.Internal;
        var autonomy = b.Enum<Autonomy>(m, "autonomy", "") ?? Autonomy.HumanInTheLoop;
        var personalData = b.Enum<PersonalDataKind>(m, "personal_data", "") ?? PersonalDataKind.None;
        var affectedPeople = b.WholeNumber(m, "affected_people", "", 0, long.MaxValue / 2) ?? 0;
        var generative = b.Bool(m, "uses_generative_ai", "");
        var thirdParty = b.Bool(m, "third_party_model", "");

        // Contradictions: answers that the Regulation's tests cannot both hold.
        if (exemption is not null && annexIiiIds.Count == 0 && !errors.Any(e => e.Path.StartsWith("annex_iii", StringComparison.Ordinal)))
            b.Error(DataBinder.LineOf(m, "art_6_3_exemption"), "art_6_3_exemption",
                "an Art 6(3) derogation applies only to a system listed in Annex III, but annex_iii is empty");
        if (m["prohibited_exceptions"] is DataSequence exceptionNodes)
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
        }, []);
    }
}
