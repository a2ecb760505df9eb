using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;
using Attest.Engine.Intake;
using Attest.Engine.Rules;

namespace Attest.Core.Tests.Intake;

public class QuestionnaireAndRoutingTests
{
    [Fact]
    public void Every_intake_answer_key_has_exactly_one_question()
    {
        var questionnaire = IntakeQuestionnaire.LoadDefault();

        questionnaire.Questions.Select(q => q.Key).Order().ShouldBe(IntakeKeys.AllPaths().Order());
    }

    [Fact]
    public void Choice_questions_offer_exactly_the_values_the_intake_format_accepts()
    {
        // Source: the value lists of shared/specs/intake-answers-v1.md, which the enums' wire names follow.
        var expected = new Dictionary<string, IReadOnlyList<string>>
        {
            ["operator_role"] = WireName.All<OperatorRole>(),
            ["exclusions"] = WireName.All<ScopeExclusion>(),
            ["prohibited_practices"] = WireName.All<ProhibitedPractice>(),
            ["prohibited_exceptions"] = WireName.All<ProhibitedPracticeException>(),
            ["art_6_3_exemption"] = WireName.All<Art63Exemption>(),
            ["deployment"] = WireName.All<Deployment>(),
            ["autonomy"] = WireName.All<Autonomy>(),
            ["personal_data"] = WireName.All<PersonalDataKind>(),
        };
        var questionnaire = IntakeQuestionnaire.LoadDefault();

        foreach (var (key, values) in expected)
            questionnaire.Questions.Single(q => q.Key == key).Options.Select(o => o.Value).ShouldBe(values, key);
    }

    [Fact]
    public void Legal_questions_cite_the_article_in_their_help_text()
    {
        var questionnaire = IntakeQuestionnaire.LoadDefault();

        foreach (var question in questionnaire.Questions.Where(q => q.Section is not ("basics" or "internal")))
            question.Help.ShouldContain("Art ", customMessage: question.Key);
    }

    private static IReadOnlyList<string> Reviewers(IntakeAnswers answers)
    {
        var classification = Classifier.Classify(answers, Attest.Core.Tests.Support.ShippedTables.Regulation, RegulatoryCalendar.Original2024);
        return ReviewRouting.Route(ReviewRoutingRules.LoadDefault(), SystemFacts.From(answers, classification)).Select(r => r.Reviewer).ToArray();
    }

    private static IntakeAnswers Provider() => new() { Name = "X", OperatorRole = OperatorRole.Provider, EuNexus = true };

    [Fact]
    public void Routing_sends_a_high_risk_external_generative_system_with_personal_data_to_legal_privacy_security_and_fairness()
    {
        Reviewers(Provider() with
        {
            AnnexIii = ["III.4(a)"],
            PersonalData = PersonalDataKind.Personal,
            Deployment = Deployment.External,
            UsesGenerativeAi = true,
        }).ShouldBe(["legal", "privacy", "security", "fairness"]);
    }

    [Fact]
    public void Routing_sends_Annex_I_products_and_critical_infrastructure_to_safety()
    {
        Reviewers(Provider() with { AnnexIProduct = true }).ShouldBe(["legal", "safety"]);
        Reviewers(Provider() with { AnnexIii = ["III.2"] }).ShouldBe(["legal", "fairness", "safety"]);
    }

    [Fact]
    public void Routing_sends_an_internal_minimal_risk_tool_nowhere_and_a_third_party_model_to_security()
    {
        Reviewers(Provider()).ShouldBeEmpty();
        Reviewers(Provider() with { ThirdPartyModel = true }).ShouldBe(["security"]);
        Reviewers(Provider() with { AffectedPeople = 1000, Autonomy = Autonomy.FullyAutomated }).ShouldBe(["fairness"]);
    }

    [Fact]
    public void A_routing_rule_on_an_unknown_fact_fails_naming_file_line_and_key()
    {
        var path = Path.Combine(Path.GetTempPath(), $"routing-{Guid.CreateVersion7():N}.yaml");
        File.WriteAllText(path, "format: attest.routing/v1\nrules:\n  - reviewer: privacy\n    reason: r\n    when:\n      - personal: true\n");
        try
        {
            var error = Should.Throw<DataFileException>(() => ReviewRoutingRules.Load(path)).Errors.ShouldHaveSingleItem();

            error.Line.ShouldBe(6);
            error.Path.ShouldBe("rules[0].when[0].personal");
            error.Message.ShouldStartWith("unknown fact; expected one of eu_class, tier,");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
