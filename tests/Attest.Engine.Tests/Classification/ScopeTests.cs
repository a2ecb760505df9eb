using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Source of expected values: Regulation (EU) 2024/1689 Art 2 (scope), as summarised in
// shared/specs/intake-answers-v1.md (exclusion ids and their paragraphs).
public class ScopeTests
{
    [Fact]
    public void Classifier_puts_a_system_without_EU_nexus_out_of_scope_under_Art_2_1()
    {
        var c = Intakes.Classify(Intakes.Provider() with { EuNexus = false, ProhibitedPractices = [ProhibitedPractice.SocialScoring] });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe(["Art 2(1)"]);
        c.Obligations.ShouldBeEmpty();
        c.Reasons.ShouldHaveSingleItem().ShouldContain("(Art 2(1))");
    }

    [Theory]
    [InlineData(ScopeExclusion.MilitaryDefenceNationalSecurity, "Art 2(3)", OperatorRole.Provider)]
    [InlineData(ScopeExclusion.ScientificResearchOnly, "Art 2(6)", OperatorRole.Provider)]
    [InlineData(ScopeExclusion.PreMarketResearchTesting, "Art 2(8)", OperatorRole.Provider)]
    [InlineData(ScopeExclusion.PersonalNonProfessional, "Art 2(10)", OperatorRole.Deployer)]
    public void Classifier_puts_an_excluded_system_out_of_scope_even_when_it_would_be_prohibited(ScopeExclusion exclusion, string article, OperatorRole role)
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            OperatorRole = role,
            Exclusions = [exclusion],
            ProhibitedPractices = [ProhibitedPractice.SocialScoring],
            AnnexIii = ["III.4(a)"],
        });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe([article]);
        c.Reasons.ShouldHaveSingleItem().ShouldEndWith($"({article}).");
        c.Gpai.ShouldBe(GpaiStatus.None);
    }

    [Fact]
    public void Classifier_lists_every_exclusion_that_applies_in_article_order()
    {
        var c = Intakes.Classify(Intakes.Deployer() with
        {
            Exclusions = [ScopeExclusion.PersonalNonProfessional, ScopeExclusion.MilitaryDefenceNationalSecurity, ScopeExclusion.FreeOpenSource],
        });

        c.Basis.ShouldBe(["Art 2(3)", "Art 2(10)"]);
    }

    [Fact]
    public void Classifier_puts_a_minimal_risk_open_source_system_out_of_scope_under_Art_2_12()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Exclusions = [ScopeExclusion.FreeOpenSource] });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe(["Art 2(12)"]);
        c.Obligations.ShouldBeEmpty();
    }

    [Fact]
    public void Art_2_12_carve_back_keeps_an_open_source_high_risk_system_in_scope()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Exclusions = [ScopeExclusion.FreeOpenSource], AnnexIii = ["III.4(a)"] });

        c.Class.ShouldBe(EuAiActClass.HighRisk);
        c.Basis.ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        c.Reasons.ShouldContain("The free and open-source exclusion does not apply to a high-risk AI system (Art 2(12)).");
    }

    [Fact]
    public void Art_2_12_carve_back_keeps_an_open_source_prohibited_system_in_scope()
    {
        var c = Intakes.Classify(Intakes.Provider() with { Exclusions = [ScopeExclusion.FreeOpenSource], ProhibitedPractices = [ProhibitedPractice.SubliminalManipulation] });

        c.Class.ShouldBe(EuAiActClass.Prohibited);
        c.Basis.ShouldBe(["Art 5(1)(a)"]);
        c.Reasons.ShouldContain("The free and open-source exclusion does not apply to a prohibited practice (Art 2(12)).");
    }

    [Fact]
    public void Art_2_12_carve_back_keeps_an_open_source_system_with_Art_50_duties_in_scope()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            Exclusions = [ScopeExclusion.FreeOpenSource],
            Transparency = new TransparencyAnswers { GeneratesSyntheticContent = true },
        });

        c.Class.ShouldBe(EuAiActClass.LimitedRisk);
        c.Basis.ShouldBe(["Art 50(2)"]);
        c.Reasons.ShouldContain("The free and open-source exclusion does not apply to a system with Art 50 duties (Art 2(12)).");
    }

    [Fact]
    public void Open_source_system_out_of_scope_under_Art_2_12_still_has_its_GPAI_model_assessed_under_Chapter_V()
    {
        // Art 2(12) concerns AI systems; open-licence GPAI models get the narrower relief of Art 53(2).
        var c = Intakes.Classify(Intakes.Provider() with
        {
            Exclusions = [ScopeExclusion.FreeOpenSource],
            Gpai = new GpaiAnswers { IsGpaiModel = true, OpenLicence = true, TrainingComputeFlops = 1e23 },
        });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Gpai.ShouldBe(GpaiStatus.Gpai);
        c.Articles().ShouldBe(["Art 53(1)(c)", "Art 53(1)(d)"]);
    }

    [Theory]
    [InlineData(OperatorRole.Provider)]
    [InlineData(OperatorRole.ProductManufacturer)]
    [InlineData(OperatorRole.Importer)]
    public void Art_2_10_never_relieves_the_provider_who_places_the_system_on_the_market(OperatorRole role)
    {
        // Art 2(10): "This Regulation does not apply to obligations of deployers who are natural persons using AI systems
        // in the course of a purely personal non-professional activity." A consumer app's provider keeps every obligation.
        var c = Intakes.Classify(Intakes.Provider() with
        {
            OperatorRole = role,
            Exclusions = [ScopeExclusion.PersonalNonProfessional],
            Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true },
        });

        c.Class.ShouldBe(EuAiActClass.LimitedRisk);
        c.Basis.ShouldBe(["Art 50(1)"]);
        c.Reasons[0].ShouldStartWith("The personal-use exclusion does not apply: Art 2(10) relieves only deployers who are natural persons");
        c.Reasons[0].ShouldEndWith($"not the {WireName.Of(role).Replace('_', ' ')} (Art 2(10)).");
    }

    [Fact]
    public void Art_2_10_relieves_a_deployer_who_is_a_natural_person_in_a_personal_activity()
    {
        var c = Intakes.Classify(Intakes.Deployer() with { Exclusions = [ScopeExclusion.PersonalNonProfessional], AnnexIii = ["III.4(a)"] });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe(["Art 2(10)"]);
        c.Obligations.ShouldBeEmpty();
    }

    [Fact]
    public void A_GPAI_models_own_obligations_are_not_out_of_scope_because_Art_2_12_spares_its_open_source_system()
    {
        // Art 2(12) excludes "AI systems released under free and open-source licences"; Art 53 and 55 bind the model's
        // provider, with the narrower relief of Art 53(2), which never covers systemic risk.
        var c = Intakes.Classify(Intakes.Provider() with
        {
            Exclusions = [ScopeExclusion.FreeOpenSource],
            Gpai = new GpaiAnswers { IsGpaiModel = true, OpenLicence = true, TrainingComputeFlops = 5e25 },
        });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Basis.ShouldBe(["Art 2(12)"]);
        c.Gpai.ShouldBe(GpaiStatus.GpaiSystemicRisk);
        c.Articles().ShouldBe(["Art 53(1)(a)", "Art 53(1)(b)", "Art 53(1)(c)", "Art 53(1)(d)",
            "Art 52(1)", "Art 55(1)(a)", "Art 55(1)(b)", "Art 55(1)(c)", "Art 55(1)(d)"]);
        c.Tier.ShouldBe(RiskTier.High);
        c.Reasons.ShouldContain("Art 2(12) concerns AI systems, not models: the general-purpose AI model you provide keeps its obligations under Chapter V (Art 53, Art 55), with the open-licence relief of Art 53(2) only where it applies.");
    }

    [Theory]
    [InlineData(ScopeExclusion.MilitaryDefenceNationalSecurity, OperatorRole.Provider, GpaiStatus.Gpai)]       // Art 2(3): AI systems only
    [InlineData(ScopeExclusion.PersonalNonProfessional, OperatorRole.Deployer, GpaiStatus.Gpai)]              // Art 2(10): deployers' obligations only
    [InlineData(ScopeExclusion.ScientificResearchOnly, OperatorRole.Provider, GpaiStatus.None)]               // Art 2(6): "AI systems or AI models"
    [InlineData(ScopeExclusion.PreMarketResearchTesting, OperatorRole.Provider, GpaiStatus.None)]             // Art 2(8): "AI systems or AI models"
    public void Chapter_V_follows_a_GPAI_model_unless_the_exclusion_names_AI_models(ScopeExclusion exclusion, OperatorRole role, GpaiStatus expected)
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            OperatorRole = role,
            Exclusions = [exclusion],
            Gpai = new GpaiAnswers { IsGpaiModel = true, TrainingComputeFlops = 1e24 },
        });

        c.Class.ShouldBe(EuAiActClass.OutOfScope);
        c.Gpai.ShouldBe(expected);
        (c.Obligations.Count > 0).ShouldBe(expected != GpaiStatus.None);
    }
}
