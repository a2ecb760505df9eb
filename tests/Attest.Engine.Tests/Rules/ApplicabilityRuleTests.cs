using Attest.Engine.Classification;
using Attest.Engine.Intake;
using Attest.Engine.Rules;
using Attest.Engine.Tests.Classification;

namespace Attest.Engine.Tests.Rules;

public class ApplicabilityRuleTests
{
    private static FactCondition When(params (string Fact, string[] Values)[] clauses) =>
        new(clauses.ToDictionary(c => c.Fact, c => (IReadOnlyList<string>)c.Values));

    private static SystemFacts FactsOf(IntakeAnswers answers, LifecycleStage? stage = null) =>
        SystemFacts.From(answers, Intakes.Classify(answers), stage);

    [Fact]
    public void A_condition_needs_every_clause_and_a_rule_needs_any_condition()
    {
        var facts = FactsOf(Intakes.Provider() with { AnnexIii = ["III.4(a)"], PersonalData = PersonalDataKind.Personal });
        var highRiskProvider = When((FactNames.EuClass, ["high_risk"]), (FactNames.OperatorRole, ["provider", "product_manufacturer"]));
        var highRiskDeployer = When((FactNames.EuClass, ["high_risk"]), (FactNames.OperatorRole, ["deployer"]));

        highRiskProvider.Matches(facts).ShouldBeTrue();
        highRiskDeployer.Matches(facts).ShouldBeFalse();
        new ApplicabilityRule([highRiskDeployer, highRiskProvider]).Matches(facts).ShouldBeTrue();
        new ApplicabilityRule([highRiskDeployer]).Matches(facts).ShouldBeFalse();
        ApplicabilityRule.Always.Matches(facts).ShouldBeTrue();
    }

    [Fact]
    public void Multi_valued_facts_match_when_any_value_is_listed()
    {
        var facts = FactsOf(Intakes.Provider() with { AnnexIii = ["III.1(a)", "III.4(a)"] });

        When((FactNames.AnnexIiiArea, ["4"])).Matches(facts).ShouldBeTrue();
        When((FactNames.AnnexIii, ["III.4(b)"])).Matches(facts).ShouldBeFalse();
    }

    [Fact]
    public void A_clause_on_an_unknown_lifecycle_stage_does_not_exclude_and_a_known_stage_must_match()
    {
        var rule = When((FactNames.LifecycleStage, ["operation"]));

        rule.Matches(FactsOf(Intakes.Provider())).ShouldBeTrue();
        rule.Matches(FactsOf(Intakes.Provider(), LifecycleStage.Operation)).ShouldBeTrue();
        rule.Matches(FactsOf(Intakes.Provider(), LifecycleStage.Design)).ShouldBeFalse();
    }

    [Fact]
    public void Review_routing_sends_a_system_to_each_reviewer_once_in_rule_order()
    {
        var rules = new[]
        {
            new RoutingRule("privacy", "personal data", new ApplicabilityRule([When((FactNames.PersonalData, ["personal", "special_category"]))])),
            new RoutingRule("legal", "high-risk", new ApplicabilityRule([When((FactNames.EuClass, ["high_risk", "prohibited"]))])),
            new RoutingRule("privacy", "again", ApplicabilityRule.Always),
            new RoutingRule("safety", "never", new ApplicabilityRule([When((FactNames.AnnexIProduct, ["true"]))])),
        };

        var routes = ReviewRouting.Route(rules, FactsOf(Intakes.Provider() with { AnnexIii = ["III.4(a)"], PersonalData = PersonalDataKind.Personal }));

        routes.ShouldBe([new ReviewRoute("privacy", "personal data"), new ReviewRoute("legal", "high-risk")]);
    }

    [Fact]
    public void Wire_names_are_the_snake_case_of_the_enum_names()
    {
        WireName.Of(ProhibitedPractice.RealtimeRemoteBiometricIdPublicLawEnforcement).ShouldBe("realtime_remote_biometric_id_public_law_enforcement");
        WireName.Of(EuAiActClass.OutOfScope).ShouldBe("out_of_scope");
        WireName.Of(CalendarMilestone.AnnexIiiHighRisk).ShouldBe("annex_iii_high_risk");
        WireName.TryParse<Art63Exemption>("detects_patterns_without_replacing_review", out var e).ShouldBeTrue();
        e.ShouldBe(Art63Exemption.DetectsPatternsWithoutReplacingReview);
        WireName.TryParse<Art63Exemption>("DetectsPatterns", out _).ShouldBeFalse();
    }
}
