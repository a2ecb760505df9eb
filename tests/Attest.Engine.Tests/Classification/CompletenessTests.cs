using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Never a class from silence (issue 14): each test of the Regulation needs its answers; a question left out or answered
// "unknown" that could decide the outcome makes the result incomplete, listing it. Articles: Regulation (EU) 2024/1689.
public class CompletenessTests
{
    private static IntakeAnswers Without(IntakeAnswers answers, params string[] keys) =>
        answers with { Unknown = keys.ToHashSet() };

    private static IntakeAnswers NameOnly() => new()
    {
        Name = "Only a name",
        Description = "and a description",
        OperatorRole = OperatorRole.Provider,
        EuNexus = true,
        Unanswered = AnswerKeys.All.ToHashSet(),
    };

    [Fact]
    public void A_name_and_a_description_give_no_class_but_the_questions_that_decide_it()
    {
        var c = Intakes.Classify(NameOnly());

        c.Status.ShouldBe(ClassificationStatus.Incomplete);
        c.Class.ShouldBe(EuAiActClass.Incomplete);
        c.Tier.ShouldBeNull();
        c.Gpai.ShouldBeNull();
        c.Basis.ShouldBeEmpty();
        c.Obligations.ShouldBeEmpty();
        c.Missing.Select(m => m.Key).ShouldBe([
            "operator_role", "eu_nexus", "exclusions", "prohibited_practices", "annex_i_product", "annex_iii", "profiling",
            "transparency.interacts_with_natural_persons", "transparency.generates_synthetic_content",
            "transparency.emotion_recognition_or_biometric_categorisation", "transparency.deep_fake", "transparency.public_interest_text",
            "gpai.is_gpai_model", "deployment", "autonomy", "personal_data", "affected_people", "uses_generative_ai", "third_party_model"]);
        c.Missing.ShouldAllBe(m => m.Gap == AnswerGap.Unanswered);
        c.Missing.Single(m => m.Key == "eu_nexus").Decides.ShouldBe("whether the Regulation applies at all (Art 2(1))");
        c.Reasons.ShouldHaveSingleItem().ShouldStartWith("Incomplete: 19 questions that decide the outcome have no answer yet");
    }

    [Fact]
    public void An_unknown_answer_is_missing_like_a_left_out_one()
    {
        var c = Intakes.Classify(Without(Intakes.Provider(), AnswerKeys.AnnexIii));

        c.Class.ShouldBe(EuAiActClass.Incomplete);
        c.Missing.ShouldBe([new MissingAnswer("annex_iii", AnswerGap.Unknown, "whether the system is high-risk as an Annex III use (Art 6(2))")]);
    }

    [Fact]
    public void Once_the_Regulation_does_not_apply_the_legal_questions_after_Art_2_1_are_not_needed()
    {
        var answers = Intakes.Provider() with { EuNexus = false };
        var legal = AnswerKeys.All.Except(AnswerKeys.AlwaysNeeded).ToArray();

        var c = Intakes.Classify(Without(answers, legal));

        c.Status.ShouldBe(ClassificationStatus.Complete);
        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe(["Art 2(1)"]);
    }

    [Fact]
    public void A_known_prohibited_practice_decides_without_the_high_risk_or_transparency_answers()
    {
        var answers = Intakes.Provider() with { ProhibitedPractices = [ProhibitedPractice.SocialScoring] };

        var c = Intakes.Classify(Without(answers, AnswerKeys.AnnexIProduct, AnswerKeys.AnnexIii, AnswerKeys.Art63Exemption, AnswerKeys.ProhibitedExceptions,
            AnswerKeys.InteractsWithNaturalPersons, AnswerKeys.DeepFake, AnswerKeys.PublicBodyOrPublicService));

        c.Class.ShouldBe(EuAiActClass.Prohibited);
        c.Basis.ShouldBe(["Art 5(1)(c)"]);
    }

    [Fact]
    public void An_unknown_role_or_EU_nexus_leaves_even_a_prohibited_practice_incomplete()
    {
        var answers = Intakes.Provider() with { ProhibitedPractices = [ProhibitedPractice.SocialScoring] };

        Intakes.Classify(Without(answers, AnswerKeys.EuNexus)).Missing.Select(m => m.Key).ShouldBe(["eu_nexus"]);
        Intakes.Classify(Without(answers, AnswerKeys.OperatorRole)).Missing.Select(m => m.Key).ShouldBe(["operator_role"]);
    }

    [Fact]
    public void The_exceptions_of_Art_5_are_needed_only_for_a_practice_that_has_one()
    {
        // Art 5(1)(f), (g) and (h) have exceptions; (a)-(e) do not.
        var excepted = Intakes.Provider() with { ProhibitedPractices = [ProhibitedPractice.EmotionRecognitionWorkplaceEducation] };
        Intakes.Classify(Without(excepted, AnswerKeys.ProhibitedExceptions)).Missing.Select(m => m.Key).ShouldBe(["prohibited_exceptions"]);

        Intakes.Classify(Without(Intakes.Provider(), AnswerKeys.ProhibitedExceptions)).Status.ShouldBe(ClassificationStatus.Complete);
    }

    [Fact]
    public void The_Art_6_3_derogation_is_needed_only_for_an_Annex_III_system_that_does_not_profile_people()
    {
        // Art 6(3), last subparagraph: an Annex III system that profiles natural persons is always high-risk.
        var listed = Intakes.Provider() with { AnnexIii = ["III.4(a)"] };

        Intakes.Classify(Without(listed, AnswerKeys.Art63Exemption)).Missing.Select(m => m.Key).ShouldBe(["art_6_3_exemption"]);
        var profiling = Intakes.Classify(Without(listed with { Profiling = true }, AnswerKeys.Art63Exemption));
        profiling.Class.ShouldBe(EuAiActClass.HighRisk);
        Intakes.Classify(Without(Intakes.Provider(), AnswerKeys.Art63Exemption)).Status.ShouldBe(ClassificationStatus.Complete);
    }

    [Fact]
    public void The_public_body_question_is_needed_only_where_it_decides_a_deployers_Art_27_assessment()
    {
        // Art 27(1): public bodies and public-service providers deploying Annex III systems (not point 2); any deployer for 5(b), 5(c).
        Intakes.Classify(Without(Intakes.Deployer() with { AnnexIii = ["III.4(a)"] }, AnswerKeys.PublicBodyOrPublicService))
            .Missing.Select(m => m.Key).ShouldBe(["deployer_context.public_body_or_public_service"]);
        Intakes.Classify(Without(Intakes.Deployer() with { AnnexIii = ["III.5(b)"] }, AnswerKeys.PublicBodyOrPublicService)).Articles()
            .ShouldBe(["Art 4", "Art 26", "Art 27"]);
        Intakes.Classify(Without(Intakes.Deployer() with { AnnexIii = ["III.2"] }, AnswerKeys.PublicBodyOrPublicService)).Articles()
            .ShouldBe(["Art 4", "Art 26"]);
        Intakes.Classify(Without(Intakes.Provider() with { AnnexIii = ["III.4(a)"] }, AnswerKeys.PublicBodyOrPublicService)).Status
            .ShouldBe(ClassificationStatus.Complete);
    }

    [Fact]
    public void The_GPAI_compute_figure_decides_systemic_risk_unless_the_Commission_designated_the_model()
    {
        // Art 51(2) presumes systemic risk above 10^25 FLOPs; Art 51(1)(b) designation decides on its own.
        var model = Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true } };

        var unknown = Intakes.Classify(model);
        unknown.Class.ShouldBe(EuAiActClass.Incomplete);
        unknown.Missing.ShouldBe([new MissingAnswer("gpai.training_compute_flops", AnswerGap.Unknown, "whether systemic risk is presumed above 10^25 FLOPs (Art 51(2))")]);

        var designated = Intakes.Classify(model with { Gpai = new GpaiAnswers { IsGpaiModel = true, DesignatedSystemicRisk = true } });
        designated.Gpai.ShouldBe(GpaiStatus.GpaiSystemicRisk);
        designated.GpaiBasis.ShouldBe(["Art 51(1)(b)"]);
    }

    [Fact]
    public void The_open_licence_matters_only_for_a_model_without_systemic_risk()
    {
        // Art 53(2): the relief "shall not apply to general-purpose AI models with systemic risks".
        var systemic = Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 2e25 } };
        Intakes.Classify(Without(systemic, AnswerKeys.OpenLicence)).Gpai.ShouldBe(GpaiStatus.GpaiSystemicRisk);

        var small = systemic with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 2e23 } };
        Intakes.Classify(Without(small, AnswerKeys.OpenLicence)).Missing.Select(m => m.Key).ShouldBe(["gpai.open_licence"]);
    }

    [Fact]
    public void Answers_the_classifier_did_not_ask_for_never_change_a_complete_result()
    {
        // Property: blank any set of answers (as the parser does: placeholder value, key unknown). If the result is still
        // complete, it is the result of the full answers, whatever the blanked answers were.
        var random = new Random(20260214);
        var completeAfterBlanking = 0;
        for (var i = 0; i < 3000; i++)
        {
            var full = ClassifierInvariantTests.RandomIntake(random);
            var blanked = AnswerKeys.All.Where(_ => random.NextDouble() < 0.15).ToArray();
            var partial = Blank(full, blanked);

            var expected = Intakes.Classify(full);
            var actual = Intakes.Classify(partial);

            var context = $"#{i}: blanked {string.Join(", ", blanked)}";
            actual.Missing.Select(m => m.Key).ShouldBeSubsetOf(blanked, context);
            if (!actual.IsComplete)
                continue;
            completeAfterBlanking++;
            actual.Class.ShouldBe(expected.Class, context);
            actual.Basis.ShouldBe(expected.Basis, context);
            actual.Gpai.ShouldBe(expected.Gpai, context);
            actual.Tier.ShouldBe(expected.Tier, context);
            actual.Obligations.ShouldBe(expected.Obligations, context);
        }
        completeAfterBlanking.ShouldBeGreaterThan(300, "the property is exercised");
    }

    /// <summary>The answers with these questions unknown and a placeholder in their place, as the parser leaves them.</summary>
    private static IntakeAnswers Blank(IntakeAnswers a, IReadOnlyCollection<string> keys)
    {
        foreach (var key in keys)
        {
            a = key switch
            {
                AnswerKeys.OperatorRole => a with { OperatorRole = OperatorRole.Provider },
                AnswerKeys.EuNexus => a with { EuNexus = true },
                AnswerKeys.Exclusions => a with { Exclusions = [] },
                AnswerKeys.ProhibitedPractices => a with { ProhibitedPractices = [], ProhibitedExceptions = [] },
                AnswerKeys.ProhibitedExceptions => a with { ProhibitedExceptions = [] },
                AnswerKeys.AnnexIProduct => a with { AnnexIProduct = false },
                AnswerKeys.AnnexIii => a with { AnnexIii = [] },
                AnswerKeys.Art63Exemption => a with { Art63Exemption = null },
                AnswerKeys.Profiling => a with { Profiling = false },
                AnswerKeys.InteractsWithNaturalPersons => a with { Transparency = a.Transparency with { InteractsWithNaturalPersons = false } },
                AnswerKeys.GeneratesSyntheticContent => a with { Transparency = a.Transparency with { GeneratesSyntheticContent = false } },
                AnswerKeys.EmotionRecognitionOrBiometricCategorisation => a with { Transparency = a.Transparency with { EmotionRecognitionOrBiometricCategorisation = false } },
                AnswerKeys.DeepFake => a with { Transparency = a.Transparency with { DeepFake = false } },
                AnswerKeys.PublicInterestText => a with { Transparency = a.Transparency with { PublicInterestText = false } },
                AnswerKeys.IsGpaiModel => a with { Gpai = a.Gpai with { IsGpaiModel = false } },
                AnswerKeys.TrainingComputeFlops => a with { Gpai = a.Gpai with { TrainingComputeFlops = null } },
                AnswerKeys.DesignatedSystemicRisk => a with { Gpai = a.Gpai with { DesignatedSystemicRisk = false } },
                AnswerKeys.OpenLicence => a with { Gpai = a.Gpai with { OpenLicence = false } },
                AnswerKeys.PublicBodyOrPublicService => a with { DeployerContext = new DeployerContext() },
                AnswerKeys.Deployment => a with { Deployment = Deployment.Internal },
                AnswerKeys.Autonomy => a with { Autonomy = Autonomy.HumanInTheLoop },
                AnswerKeys.PersonalData => a with { PersonalData = PersonalDataKind.None },
                AnswerKeys.AffectedPeople => a with { AffectedPeople = 0 },
                AnswerKeys.UsesGenerativeAi => a with { UsesGenerativeAi = false },
                AnswerKeys.ThirdPartyModel => a with { ThirdPartyModel = false },
                _ => throw new ArgumentOutOfRangeException(nameof(keys), key, null),
            };
        }
        return a with { Unknown = keys.ToHashSet() };
    }
}
