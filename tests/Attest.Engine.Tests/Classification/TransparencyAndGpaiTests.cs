using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Source of expected values: Art 50(1)-(4) duty holders (eu-ai-act-structure.json, articles[number=50]);
// Art 51(1)(b), 51(2) (10^25 FLOPs), Art 53(1)(a)-(d), 53(2), Art 55(1)(a)-(d); dates Art 113.
public class TransparencyAndGpaiTests
{
    [Theory]
    [InlineData(true, false, false, false, false, "Art 50(1)")]
    [InlineData(false, true, false, false, false, "Art 50(2)")]
    [InlineData(false, false, true, false, false, "Art 50(3)")]
    [InlineData(false, false, false, true, false, "Art 50(4)")]
    [InlineData(false, false, false, false, true, "Art 50(4)")]
    public void Each_Art_50_duty_alone_makes_a_system_limited_risk(bool interacts, bool synthetic, bool emotion, bool deepFake, bool publicText, string article)
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            Transparency = new TransparencyAnswers
            {
                InteractsWithNaturalPersons = interacts,
                GeneratesSyntheticContent = synthetic,
                EmotionRecognitionOrBiometricCategorisation = emotion,
                DeepFake = deepFake,
                PublicInterestText = publicText,
            },
        });

        c.Class.ShouldBe(EuAiActClass.LimitedRisk);
        c.Basis.ShouldBe([article]);
        c.TransparencyArticles.ShouldBe([article]);
        c.Tier.ShouldBe(RiskTier.Medium);
    }

    [Fact]
    public void Art_50_duties_stack_on_a_high_risk_system_without_changing_its_basis()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            AnnexIii = ["III.4(a)"],
            Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true, GeneratesSyntheticContent = true },
        });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        c.TransparencyArticles.ShouldBe(["Art 50(1)", "Art 50(2)"]);
        c.Articles().ShouldContain("Art 9");
        c.Articles().ShouldContain("Art 50(1)");
        c.Articles().ShouldContain("Art 50(2)");
    }

    [Fact]
    public void Provider_owes_Art_50_1_and_2_and_deployer_owes_Art_50_3_and_4()
    {
        var transparency = new TransparencyAnswers
        {
            InteractsWithNaturalPersons = true,
            GeneratesSyntheticContent = true,
            EmotionRecognitionOrBiometricCategorisation = true,
            DeepFake = true,
        };

        Intakes.Classify(Intakes.Provider() with { Transparency = transparency }).Articles()
            .ShouldBe(["Art 4", "Art 50(1)", "Art 50(2)"]);
        Intakes.Classify(Intakes.Deployer() with { Transparency = transparency }).Articles()
            .ShouldBe(["Art 4", "Art 50(3)", "Art 50(4)"]);
    }

    [Fact]
    public void Art_50_duties_apply_from_2_August_2026()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true } });

        c.Obligations.Single(o => o.Article == "Art 50(1)").AppliesFrom.ShouldBe(new DateOnly(2026, 8, 2));
    }

    [Fact]
    public void A_model_that_is_not_a_GPAI_model_has_no_Chapter_V_status()
    {
        Intakes.Classify(Intakes.Provider()).Gpai.ShouldBe(GpaiStatus.None);
    }

    [Theory]
    [InlineData(1e24)]
    [InlineData(1e25)] // Art 51(2): presumed only when compute is GREATER than 10^25
    public void A_GPAI_model_at_or_below_1e25_FLOPs_without_designation_has_no_systemic_risk(double flops)
    {
        var c = Intakes.Classify(Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = flops } });

        c.Gpai.ShouldBe(GpaiStatus.Gpai);
        c.GpaiBasis.ShouldBe(["Art 3(63)"]);
        c.Articles().ShouldBe(["Art 4", "Art 53(1)(a)", "Art 53(1)(b)", "Art 53(1)(c)", "Art 53(1)(d)"]);
        c.Obligations.Single(o => o.Article == "Art 53(1)(a)").AppliesFrom.ShouldBe(new DateOnly(2025, 8, 2));
    }

    [Fact]
    public void A_GPAI_model_above_1e25_FLOPs_is_presumed_to_have_systemic_risk_under_Art_51_2()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 3e25 } });

        c.Gpai.ShouldBe(GpaiStatus.GpaiSystemicRisk);
        c.GpaiBasis.ShouldBe(["Art 51(2)"]);
        c.Articles().ShouldBe(["Art 4", "Art 53(1)(a)", "Art 53(1)(b)", "Art 53(1)(c)", "Art 53(1)(d)",
            "Art 52(1)", "Art 55(1)(a)", "Art 55(1)(b)", "Art 55(1)(c)", "Art 55(1)(d)"]);
        c.Tier.ShouldBe(RiskTier.High);
        c.Reasons.ShouldContain("General-purpose AI model with systemic risk: cumulative training compute of 3E+25 FLOPs exceeds 10^25, so high-impact capabilities are presumed (Art 51(2)).");
    }

    [Fact]
    public void A_GPAI_model_designated_by_the_Commission_has_systemic_risk_under_Art_51_1_b_whatever_its_compute()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 1e22, DesignatedSystemicRisk = true } });

        c.Gpai.ShouldBe(GpaiStatus.GpaiSystemicRisk);
        c.GpaiBasis.ShouldBe(["Art 51(1)(b)"]);
    }

    [Fact]
    public void Open_licence_relief_drops_Art_53_1_a_and_b_but_never_for_systemic_risk()
    {
        Intakes.Classify(Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, OpenLicence = true, TrainingComputeFlops = 4e23 } })
            .Articles().ShouldBe(["Art 4", "Art 53(1)(c)", "Art 53(1)(d)"]);
        Intakes.Classify(Intakes.Provider() with { Gpai = new GpaiAnswers { IsGpaiModel = true, OpenLicence = true, DesignatedSystemicRisk = true } })
            .Articles().ShouldContain("Art 53(1)(a)");
    }
}
