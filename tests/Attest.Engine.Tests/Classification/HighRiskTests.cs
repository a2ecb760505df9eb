using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Source of expected values: Art 6(1)-(4) (verbatim in shared/frameworks/eu-ai-act/eu-ai-act-structure.json),
// Annex III point ids from shared/frameworks/eu-ai-act/annex-iii.json, application dates Art 113.
public class HighRiskTests
{
    // Every point of Annex III (annex-iii.json, 8 areas, 25 points) with its area number.
    public static TheoryData<string, string> AnnexIiiPoints => new()
    {
        { "III.1(a)", "biometrics" }, { "III.1(b)", "biometrics" }, { "III.1(c)", "biometrics" },
        { "III.2", "critical infrastructure" },
        { "III.3(a)", "education and vocational training" }, { "III.3(b)", "education and vocational training" },
        { "III.3(c)", "education and vocational training" }, { "III.3(d)", "education and vocational training" },
        { "III.4(a)", "employment, workers' management and access to self-employment" },
        { "III.4(b)", "employment, workers' management and access to self-employment" },
        { "III.5(a)", "access to essential private and public services and benefits" },
        { "III.5(b)", "access to essential private and public services and benefits" },
        { "III.5(c)", "access to essential private and public services and benefits" },
        { "III.5(d)", "access to essential private and public services and benefits" },
        { "III.6(a)", "law enforcement" }, { "III.6(b)", "law enforcement" }, { "III.6(c)", "law enforcement" },
        { "III.6(d)", "law enforcement" }, { "III.6(e)", "law enforcement" },
        { "III.7(a)", "migration, asylum and border control management" }, { "III.7(b)", "migration, asylum and border control management" },
        { "III.7(c)", "migration, asylum and border control management" }, { "III.7(d)", "migration, asylum and border control management" },
        { "III.8(a)", "administration of justice and democratic processes" }, { "III.8(b)", "administration of justice and democratic processes" },
    };

    [Theory]
    [MemberData(nameof(AnnexIiiPoints))]
    public void Classifier_makes_every_Annex_III_point_high_risk_under_Art_6_2(string point, string area)
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIii = [point] });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(2)", "Annex " + point]);
        c.Reasons.ShouldContain($"High-risk: listed in Annex {point} ({area}) (Art 6(2)).");
        c.Tier.ShouldBe(RiskTier.High);
        c.HighRiskRoutes.ShouldBe([HighRiskRoute.AnnexIii]);
    }

    [Fact]
    public void Classifier_makes_an_Annex_I_product_high_risk_under_Art_6_1_from_2_August_2027()
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIProduct = true });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(1)"]);
        c.Obligations.Single(o => o.Article == "Art 9").AppliesFrom.ShouldBe(new DateOnly(2027, 8, 2)); // Art 113(c)
        c.Articles().ShouldNotContain("Art 49"); // EU database registration covers Annex III systems
    }

    [Fact]
    public void A_system_high_risk_by_both_routes_cites_both_and_owes_obligations_from_the_earlier_date()
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIProduct = true, AnnexIii = ["III.5(d)"] });

        c.Basis.ShouldBe(["Art 6(1)", "Art 6(2)", "Annex III.5(d)"]);
        c.Obligations.Single(o => o.Article == "Art 9").AppliesFrom.ShouldBe(new DateOnly(2026, 8, 2));
    }

    [Theory]
    [InlineData(Art63Exemption.NarrowProceduralTask, "Art 6(3)(a)")]
    [InlineData(Art63Exemption.ImprovesCompletedHumanActivity, "Art 6(3)(b)")]
    [InlineData(Art63Exemption.DetectsPatternsWithoutReplacingReview, "Art 6(3)(c)")]
    [InlineData(Art63Exemption.PreparatoryTask, "Art 6(3)(d)")]
    public void Each_Art_6_3_derogation_without_profiling_takes_an_Annex_III_system_out_of_high_risk(Art63Exemption exemption, string article)
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIii = ["III.4(a)"], Art63Exemption = exemption });

        c.Class.ShouldBe(EuAiActClass.MinimalRisk);
        c.Basis.ShouldBe(["Art 6(3)"]);
        c.Art63ExemptionApplied.ShouldBeTrue();
        c.Reasons[0].ShouldContain($"({article}) and it does not profile natural persons");
        c.Articles().ShouldBe(["Art 4", "Art 6(4)", "Art 49(2)"]);
        c.Obligations.Single(o => o.Article == "Art 49(2)").AppliesFrom.ShouldBe(new DateOnly(2026, 8, 2));
    }

    [Theory]
    [InlineData(Art63Exemption.NarrowProceduralTask, "Art 6(3)(a)")]
    [InlineData(Art63Exemption.ImprovesCompletedHumanActivity, "Art 6(3)(b)")]
    [InlineData(Art63Exemption.DetectsPatternsWithoutReplacingReview, "Art 6(3)(c)")]
    [InlineData(Art63Exemption.PreparatoryTask, "Art 6(3)(d)")]
    public void Each_Art_6_3_derogation_fails_when_the_system_profiles_people(Art63Exemption exemption, string article)
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIii = ["III.4(a)"], Art63Exemption = exemption, Profiling = true });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        c.Art63ExemptionApplied.ShouldBeFalse();
        c.Reasons.ShouldContain($"The {article} derogation does not apply: the system profiles natural persons, so an Annex III system is always high-risk (Art 6(3), last subparagraph).");
    }

    [Fact]
    public void An_Art_6_3_derogation_with_Art_50_duties_leaves_a_limited_risk_system()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            AnnexIii = ["III.4(a)"],
            Art63Exemption = Art63Exemption.PreparatoryTask,
            Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true },
        });

        c.Class.ShouldBe(EuAiActClass.LimitedRisk);
        c.Basis.ShouldBe(["Art 6(3)", "Art 50(1)"]);
    }

    [Fact]
    public void An_Art_6_3_derogation_does_not_touch_the_Annex_I_route_and_owes_no_Art_6_4_or_49_2()
    {
        // Art 6(3) derogates from Art 6(2) only; a provider of an Annex I product that is high-risk under Art 6(1) cannot
        // "consider that [it] is not high-risk" (Art 6(4)) nor have "concluded that it is not high-risk" (Art 49(2)).
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIProduct = true, AnnexIii = ["III.2"], Art63Exemption = Art63Exemption.NarrowProceduralTask });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(1)"]);
        c.Art63ExemptionApplied.ShouldBeFalse();
        c.Articles().ShouldNotContain("Art 6(4)");
        c.Articles().ShouldNotContain("Art 49(2)");
        c.Reasons.ShouldContain("The Art 6(3)(a) derogation takes Annex III.2 out of Art 6(2) only: the system stays high-risk under Art 6(1), so the Art 6(4) assessment and the Art 49(2) registration do not apply.");
    }

    public static TheoryData<string, IntakeAnswers, bool> Art_6_4_cases => new()
    {
        { "a provider's claim on an Annex III system", Intakes.Provider() with { AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.PreparatoryTask }, true },
        { "a product manufacturer's claim on an Annex III system (Art 25(3))", Intakes.Provider() with { OperatorRole = OperatorRole.ProductManufacturer, AnnexIii = ["III.3(b)"], Art63Exemption = Art63Exemption.NarrowProceduralTask }, true },
        { "no claim", Intakes.Provider() with { AnnexIii = ["III.4(a)"] }, false },
        { "a claim without an Annex III use", Intakes.Provider() with { Art63Exemption = Art63Exemption.PreparatoryTask }, false },
        { "a claim on a system that profiles people", Intakes.Provider() with { AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.PreparatoryTask, Profiling = true }, false },
        { "a claim on an Annex I product", Intakes.Provider() with { AnnexIProduct = true, AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.PreparatoryTask }, false },
        { "a deployer's claim", Intakes.Deployer() with { AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.PreparatoryTask }, false },
    };

    [Theory]
    [MemberData(nameof(Art_6_4_cases))]
    public void Art_6_4_and_Art_49_2_follow_only_an_Art_6_3_claim_that_takes_an_Annex_III_system_out_of_high_risk(string situation, IntakeAnswers answers, bool owed)
    {
        // Art 6(4): "A provider who considers that an AI system referred to in Annex III is not high-risk shall document its
        // assessment ... Such provider shall be subject to the registration obligation set out in Article 49(2)."
        var articles = Intakes.Classify(answers).Articles();

        articles.Contains("Art 6(4)").ShouldBe(owed, situation);
        articles.Contains("Art 49(2)").ShouldBe(owed, situation);
    }
}
