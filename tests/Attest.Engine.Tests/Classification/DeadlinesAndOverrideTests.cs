using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

public class DeadlinesAndOverrideTests
{
    [Fact]
    public void Upcoming_deadlines_are_the_obligations_not_yet_in_force_soonest_first()
    {
        // An Annex I product with Art 50(1): Art 4 from 2025-02-02, Art 50(1) from 2026-08-02, Art 9.. from 2027-08-02 (Art 113).
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIProduct = true, Transparency = new TransparencyAnswers { InteractsWithNaturalPersons = true } });

        var upcoming = ObligationDeadlines.Upcoming(c, new DateOnly(2026, 1, 15));

        upcoming[0].Article.ShouldBe("Art 50(1)");
        upcoming[0].AppliesFrom.ShouldBe(new DateOnly(2026, 8, 2));
        upcoming.Skip(1).ShouldAllBe(o => o.AppliesFrom == new DateOnly(2027, 8, 2));
        ObligationDeadlines.InForce(c, new DateOnly(2026, 1, 15)).Select(o => o.Article).ShouldBe(["Art 4"]);
        ObligationDeadlines.Upcoming(c, new DateOnly(2027, 8, 2)).ShouldBeEmpty();
    }

    [Fact]
    public void An_override_needs_a_justification_and_is_kept_beside_the_computed_class()
    {
        var computed = Intakes.Classify(Intakes.Provider() with { AnnexIii = ["III.4(a)"] });

        ClassificationOverride.Create(EuAiActClass.MinimalRisk, "  too short ", "ana").Error
            .ShouldBe("an override needs a justification of at least 20 characters");
        ClassificationOverride.Create(EuAiActClass.MinimalRisk, "The tool only formats CVs, see memo 12.", " ").Error
            .ShouldBe("an override must name who made it");
        var (accepted, error) = ClassificationOverride.Create(EuAiActClass.MinimalRisk, "The tool only formats CVs, see memo 12.", "ana");
        error.ShouldBeNull();

        var reviewed = new ReviewedClassification(computed, accepted);

        reviewed.EffectiveClass.ShouldBe(EuAiActClass.MinimalRisk);
        reviewed.Computed.Class.ShouldBe(EuAiActClass.HighRisk);
        new ReviewedClassification(computed).EffectiveClass.ShouldBe(EuAiActClass.HighRisk);
    }
}
