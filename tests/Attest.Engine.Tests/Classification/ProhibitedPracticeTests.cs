using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Source of expected values: Art 5(1)(a)-(h) and the exceptions in 5(1)(f), 5(1)(g) and 5(1)(h)(i)-(iii)
// (shared/frameworks/eu-ai-act/eu-ai-act-structure.json, articles[number=5]); application date 2 Feb 2025, Art 113(a).
public class ProhibitedPracticeTests
{
    [Theory]
    [InlineData(ProhibitedPractice.SubliminalManipulation, "Art 5(1)(a)")]
    [InlineData(ProhibitedPractice.ExploitingVulnerabilities, "Art 5(1)(b)")]
    [InlineData(ProhibitedPractice.SocialScoring, "Art 5(1)(c)")]
    [InlineData(ProhibitedPractice.CrimePredictionByProfiling, "Art 5(1)(d)")]
    [InlineData(ProhibitedPractice.UntargetedFacialImageScraping, "Art 5(1)(e)")]
    [InlineData(ProhibitedPractice.EmotionRecognitionWorkplaceEducation, "Art 5(1)(f)")]
    [InlineData(ProhibitedPractice.BiometricCategorisationSensitiveTraits, "Art 5(1)(g)")]
    [InlineData(ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement, "Art 5(1)(h)")]
    public void Classifier_flags_each_Art_5_practice_as_prohibited_and_critical(ProhibitedPractice practice, string article)
    {
        var c = Intakes.Classify(Intakes.Provider() with { ProhibitedPractices = [practice], AnnexIii = ["III.1(a)"] });

        c.Class.ShouldBe(EuAiActClass.Prohibited);
        c.Basis.ShouldBe([article]);
        c.Tier.ShouldBe(RiskTier.Critical);
        c.Reasons[0].ShouldStartWith("Prohibited: ");
        c.Reasons[0].ShouldEndWith($"({article}).");
        c.Obligations.ShouldHaveSingleItem().ShouldBe(new Obligation("Art 5",
            "Prohibited AI practices: do not place on the market, put into service or use", new DateOnly(2025, 2, 2), CalendarMilestone.ProhibitionsAndAiLiteracy));
    }

    [Fact]
    public void Classifier_flags_social_scoring_as_prohibited_under_Art_5_1_c()
    {
        var c = Intakes.Classify(Intakes.Deployer() with { ProhibitedPractices = [ProhibitedPractice.SocialScoring] });

        c.Class.ShouldBe(EuAiActClass.Prohibited);
        c.Basis.ShouldBe(["Art 5(1)(c)"]);
        c.Reasons.ShouldBe(["Prohibited: social scoring leading to detrimental or unfavourable treatment (Art 5(1)(c))."]);
    }

    [Fact]
    public void Classifier_cites_every_prohibited_practice_in_Art_5_order()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            ProhibitedPractices = [ProhibitedPractice.UntargetedFacialImageScraping, ProhibitedPractice.SubliminalManipulation],
        });

        c.Basis.ShouldBe(["Art 5(1)(a)", "Art 5(1)(e)"]);
    }

    [Theory]
    [InlineData(ProhibitedPractice.EmotionRecognitionWorkplaceEducation, ProhibitedPracticeException.MedicalOrSafetyReasons, "Art 5(1)(f)", "III.1(c)")]
    [InlineData(ProhibitedPractice.BiometricCategorisationSensitiveTraits, ProhibitedPracticeException.LawfulLabellingOrFiltering, "Art 5(1)(g)", "III.1(b)")]
    [InlineData(ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement, ProhibitedPracticeException.TargetedSearchThreatOrSuspect, "Art 5(1)(h)", "III.1(a)")]
    public void An_Art_5_exception_lifts_the_prohibition_and_the_practice_is_then_high_risk_under_Annex_III_point_1(
        ProhibitedPractice practice, ProhibitedPracticeException exception, string article, string annexPoint)
    {
        // Annex III.1: remote biometric identification (a), biometric categorisation by sensitive attributes (b),
        // emotion recognition (c) — the uses the three excepted practices are.
        var c = Intakes.Classify(Intakes.Provider() with { ProhibitedPractices = [practice], ProhibitedExceptions = [exception] });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(2)", "Annex " + annexPoint]);
        c.AnnexIiiPoints.ShouldBe([annexPoint]);
        c.Reasons[0].ShouldStartWith("Not prohibited: ");
        c.Reasons[0].ShouldContain($"the exception in {article}");
        c.Reasons[0].ShouldEndWith($"such a system is an Annex {annexPoint} use.");
    }

    [Fact]
    public void An_excepted_practice_already_listed_in_Annex_III_is_cited_once()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            ProhibitedPractices = [ProhibitedPractice.EmotionRecognitionWorkplaceEducation],
            ProhibitedExceptions = [ProhibitedPracticeException.MedicalOrSafetyReasons],
            AnnexIii = ["III.1(c)"],
        });

        c.Basis.ShouldBe(["Art 6(2)", "Annex III.1(c)"]);
    }

    [Fact]
    public void An_exception_for_one_practice_does_not_lift_another_practice()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            ProhibitedPractices = [ProhibitedPractice.EmotionRecognitionWorkplaceEducation, ProhibitedPractice.SocialScoring],
            ProhibitedExceptions = [ProhibitedPracticeException.MedicalOrSafetyReasons],
        });

        c.Class.ShouldBe(EuAiActClass.Prohibited);
        c.Basis.ShouldBe(["Art 5(1)(c)"]);
    }
}
