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
    [InlineData(ScopeExclusion.MilitaryDefenceNationalSecurity, "Art 2(3)")]
    [InlineData(ScopeExclusion.ScientificResearchOnly, "Art 2(6)")]
    [InlineData(ScopeExclusion.PreMarketResearchTesting, "Art 2(8)")]
    [InlineData(ScopeExclusion.PersonalNonProfessional, "Art 2(10)")]
    public void Classifier_puts_an_excluded_system_out_of_scope_even_when_it_would_be_prohibited(ScopeExclusion exclusion, string article)
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
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
        var c = Intakes.Classify(Intakes.Provider() with
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
}
