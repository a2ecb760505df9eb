using Attest.Engine.Classification;

namespace Attest.Engine.Tests.Classification;

// Source of expected values: the obligations per role in shared/specs/intake-answers-v1.md ("a high-risk
// provider: Art 9–15, 16, 17, 43, 47, 48, 49, 72, 73; a deployer: Art 26, and Art 27 where it applies"),
// Art 22-24 (other operators), Art 25(3) (product manufacturers), Art 27(1) (FRIA), Art 4 (AI literacy).
public class ObligationAndTierTests
{
    [Fact]
    public void A_high_risk_provider_owes_the_Chapter_III_provider_obligations()
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIii = ["III.4(a)"] });

        c.Articles().ShouldBe(["Art 4", "Art 9", "Art 10", "Art 11", "Art 12", "Art 13", "Art 14", "Art 15", "Art 16", "Art 17",
            "Art 43", "Art 47", "Art 48", "Art 49", "Art 72", "Art 73"]);
        c.Obligations.Single(o => o.Article == "Art 4").AppliesFrom.ShouldBe(new DateOnly(2025, 2, 2));
        c.Obligations.Single(o => o.Article == "Art 9").ShouldBe(new Obligation("Art 9", "Risk management system", new DateOnly(2026, 8, 2), CalendarMilestone.AnnexIiiHighRisk));
    }

    [Fact]
    public void A_product_manufacturer_owes_what_a_provider_owes_under_Art_25_3()
    {
        Intakes.Classify(Intakes.Provider() with { OperatorRole = OperatorRole.ProductManufacturer, AnnexIProduct = true })
            .Articles().ShouldBe(Intakes.Classify(Intakes.Provider() with { AnnexIProduct = true }).Articles());
    }

    [Fact]
    public void A_high_risk_deployer_owes_Art_26_and_no_fria_for_a_private_employer()
    {
        var c = Intakes.Classify(Intakes.Deployer() with { AnnexIii = ["III.4(a)"] });

        c.Articles().ShouldBe(["Art 4", "Art 26"]);
        c.FundamentalRightsImpactAssessmentRequired.ShouldBeFalse();
    }

    [Fact]
    public void A_public_body_deploying_a_high_risk_system_owes_a_fria_under_Art_27()
    {
        var c = Intakes.Classify(Intakes.Deployer() with { AnnexIii = ["III.5(a)"], DeployerContext = new DeployerContext { PublicBodyOrPublicService = true } });

        c.Articles().ShouldBe(["Art 4", "Art 26", "Art 27"]);
        c.Reasons.ShouldContain("Fundamental rights impact assessment required: the deployer is a public body or provides a public service (Art 27(1)).");
    }

    [Theory]
    [InlineData("III.5(b)")]
    [InlineData("III.5(c)")]
    public void Any_deployer_of_credit_scoring_or_life_and_health_insurance_pricing_owes_a_fria(string point)
    {
        Intakes.Classify(Intakes.Deployer() with { AnnexIii = [point] }).Articles().ShouldBe(["Art 4", "Art 26", "Art 27"]);
    }

    [Fact]
    public void A_public_body_deploying_critical_infrastructure_ai_owes_no_fria()
    {
        // Art 27(1) excludes high-risk systems in the area of Annex III point 2.
        Intakes.Classify(Intakes.Deployer() with { AnnexIii = ["III.2"], DeployerContext = new DeployerContext { PublicBodyOrPublicService = true } })
            .Articles().ShouldBe(["Art 4", "Art 26"]);
    }

    [Theory]
    [InlineData(OperatorRole.Importer, "Art 23")]
    [InlineData(OperatorRole.Distributor, "Art 24")]
    [InlineData(OperatorRole.AuthorisedRepresentative, "Art 22")]
    public void Other_operators_of_high_risk_systems_owe_their_own_article(OperatorRole role, string article)
    {
        Intakes.Classify(Intakes.Provider() with { OperatorRole = role, AnnexIii = ["III.3(a)"] }).Articles().ShouldBe([article]);
    }

    [Fact]
    public void A_deployer_claiming_nothing_owes_no_Art_6_4_documentation()
    {
        Intakes.Classify(Intakes.Deployer() with { AnnexIii = ["III.4(a)"], Art63Exemption = Art63Exemption.PreparatoryTask })
            .Articles().ShouldBe(["Art 4"]);
    }

    [Fact]
    public void A_minimal_risk_system_has_only_the_AI_literacy_duty_and_a_low_tier()
    {
        var c = Intakes.Classify(Intakes.Provider());

        c.Class.ShouldBe(EuAiActClass.MinimalRisk);
        c.Basis.ShouldBeEmpty();
        c.Articles().ShouldBe(["Art 4"]);
        c.Tier.ShouldBe(RiskTier.Low);
        c.TierFactors.ShouldBeEmpty();
        c.Reasons.ShouldHaveSingleItem().ShouldContain("(Art 95)");
    }

    [Fact]
    public void Internal_risk_factors_raise_the_tier_one_step_each_up_to_critical()
    {
        var c = Intakes.Classify(Intakes.Provider() with
        {
            Autonomy = Autonomy.FullyAutomated,
            PersonalData = PersonalDataKind.SpecialCategory,
            Deployment = Deployment.External,
            AffectedPeople = 1_000_000,
        });

        c.Tier.ShouldBe(RiskTier.Critical); // low + 3 raises
        c.TierFactors.ShouldBe([
            "raised by fully automated decisions without a person in or on the loop",
            "raised by special-category personal data (GDPR Art 9)",
            "raised by external use affecting 100,000 or more people a year"]);
    }

    [Fact]
    public void A_high_risk_fully_automated_system_is_critical()
    {
        var c = Intakes.Classify(Intakes.Provider() with { AnnexIii = ["III.5(b)"], Autonomy = Autonomy.FullyAutomated });

        c.Tier.ShouldBe(RiskTier.Critical);
        c.TierFactors.ShouldBe(["high-risk AI system (Art 6): at least high", "raised by fully automated decisions without a person in or on the loop"]);
    }

    [Fact]
    public void External_use_below_100000_people_does_not_raise_the_tier()
    {
        Intakes.Classify(Intakes.Provider() with { Deployment = Deployment.External, AffectedPeople = 99_999 }).Tier.ShouldBe(RiskTier.Low);
    }

    [Fact]
    public void Obligation_dates_come_from_the_calendar_in_force()
    {
        // The reported 2026 amendment (eu-ai-act-structure.json, amendment_reported_NOT_VERIFIED) moves Annex III to 2 Dec 2027.
        var amended = RegulatoryCalendar.Original2024 with
        {
            Name = "amended",
            Verified = false,
            Dates = new Dictionary<CalendarMilestone, DateOnly>(RegulatoryCalendar.Original2024.Dates) { [CalendarMilestone.AnnexIiiHighRisk] = new(2027, 12, 2) },
        };

        var c = Classifier.Classify(Intakes.Provider() with { AnnexIii = ["III.4(a)"] }, Tables.Regulation, amended);

        c.Obligations.Single(o => o.Article == "Art 9").AppliesFrom.ShouldBe(new DateOnly(2027, 12, 2));
        c.CalendarName.ShouldBe("amended");
        c.CalendarVerified.ShouldBeFalse();
    }
}
