using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;

namespace Attest.Core.Tests.Intake;

public class IntakeParserTests
{
    private static readonly AnnexIiiCatalog AnnexIii = AnnexIiiCatalog.LoadDefault();

    // The example of shared/specs/intake-answers-v1.md, with Annex III.4(a) and a few answers changed so
    // that every section is exercised.
    private const string SpecExample = """
        format: attest.intake/v1
        name: Resume screening assistant            # required, free text
        description: Ranks applicants' CVs for recruiters
        operator_role: deployer
        eu_nexus: true
        exclusions: []
        prohibited_practices: [emotion_recognition_workplace_education]
        prohibited_exceptions: [medical_or_safety_reasons]
        annex_i_product: false
        annex_iii: ["III.4(a)"]
        art_6_3_exemption: null
        profiling: true
        transparency:
          interacts_with_natural_persons: true
          generates_synthetic_content: false
          emotion_recognition_or_biometric_categorisation: false
          deep_fake: false
          public_interest_text: false
        gpai:
          is_gpai_model: false
          training_compute_flops: null
          designated_systemic_risk: false
          open_licence: false
        deployer_context:
          public_body_or_public_service: true
        deployment: external
        autonomy: human_on_the_loop
        personal_data: special_category
        affected_people: 250000
        uses_generative_ai: true
        third_party_model: true
        """;

    private static IntakeParseResult Parse(string text, string file = "intake.yaml") => IntakeParser.Parse(text, file, AnnexIii);

    private static string SingleError(string text, string file = "intake.yaml")
    {
        var result = Parse(text, file);
        result.Succeeded.ShouldBeFalse();
        return result.Errors.ShouldHaveSingleItem().ToString();
    }

    [Fact]
    public void I_can_parse_the_spec_example_in_YAML_into_typed_answers()
    {
        var result = Parse(SpecExample);

        result.Errors.ShouldBeEmpty();
        var a = result.Answers.ShouldNotBeNull();
        a.Name.ShouldBe("Resume screening assistant");
        a.OperatorRole.ShouldBe(OperatorRole.Deployer);
        a.ProhibitedPractices.ShouldBe([ProhibitedPractice.EmotionRecognitionWorkplaceEducation]);
        a.ProhibitedExceptions.ShouldBe([ProhibitedPracticeException.MedicalOrSafetyReasons]);
        a.AnnexIii.ShouldBe(["III.4(a)"]);
        a.Art63Exemption.ShouldBeNull();
        a.Profiling.ShouldBeTrue();
        a.Transparency.InteractsWithNaturalPersons.ShouldBeTrue();
        a.DeployerContext.PublicBodyOrPublicService.ShouldBeTrue();
        a.Deployment.ShouldBe(Deployment.External);
        a.Autonomy.ShouldBe(Autonomy.HumanOnTheLoop);
        a.PersonalData.ShouldBe(PersonalDataKind.SpecialCategory);
        a.AffectedPeople.ShouldBe(250_000);
        a.UsesGenerativeAi.ShouldBeTrue();
        a.ThirdPartyModel.ShouldBeTrue();
    }

    [Fact]
    public void I_can_parse_the_same_answers_as_JSON()
    {
        const string json = """
            {
              "format": "attest.intake/v1",
              "name": "Foundation model",
              "operator_role": "provider",
              "eu_nexus": true,
              "gpai": { "is_gpai_model": true, "training_compute_flops": 3e25, "designated_systemic_risk": false, "open_licence": true },
              "annex_iii": []
            }
            """;

        var a = Parse(json, "intake.json").Answers.ShouldNotBeNull();

        a.Gpai.IsGpaiModel.ShouldBeTrue();
        a.Gpai.TrainingComputeFlops.ShouldBe(3e25);
        a.Gpai.OpenLicence.ShouldBeTrue();
    }

    [Fact]
    public void Keys_left_out_are_recorded_as_unanswered_never_as_no()
    {
        var a = Parse("name: Minimal\n").Answers.ShouldNotBeNull();

        a.Unanswered.ShouldBe(AnswerKeys.All, ignoreOrder: true);
        a.Unknown.ShouldBeEmpty();
        AnswerKeys.All.ShouldAllBe(key => !a.IsKnown(key));
    }

    [Fact]
    public void Unknown_is_an_answer_that_keeps_the_question_open()
    {
        var a = Parse("name: X\neu_nexus: unknown\noperator_role: unknown\nannex_iii: unknown\ntransparency:\n  deep_fake: unknown\naffected_people: unknown\n")
            .Answers.ShouldNotBeNull();

        a.Unknown.ShouldBe([AnswerKeys.EuNexus, AnswerKeys.OperatorRole, AnswerKeys.AnnexIii, AnswerKeys.DeepFake, AnswerKeys.AffectedPeople], ignoreOrder: true);
        a.Unanswered.ShouldNotContain(AnswerKeys.EuNexus);
        a.IsKnown(AnswerKeys.DeepFake).ShouldBeFalse();
        a.GapOf(AnswerKeys.DeepFake).ShouldBe(AnswerGap.Unknown);
        a.GapOf(AnswerKeys.Profiling).ShouldBe(AnswerGap.Unanswered);
    }

    [Fact]
    public void Yes_no_and_none_are_explicit_answers()
    {
        var a = Parse("name: X\neu_nexus: yes\nprofiling: no\nexclusions: none\nannex_iii: []\nart_6_3_exemption: none\n").Answers.ShouldNotBeNull();

        a.EuNexus.ShouldBeTrue();
        a.Profiling.ShouldBeFalse();
        a.Exclusions.ShouldBeEmpty();
        foreach (var key in new[] { AnswerKeys.EuNexus, AnswerKeys.Profiling, AnswerKeys.Exclusions, AnswerKeys.AnnexIii, AnswerKeys.Art63Exemption })
            a.IsKnown(key).ShouldBeTrue(key);
    }

    [Fact]
    public void None_or_unknown_inside_a_list_is_rejected_with_its_path()
    {
        SingleError("name: X\nexclusions: [none]\n")
            .ShouldBe("intake.yaml:2: exclusions[0]: answer none on its own (\"exclusions: none\"), not inside a list");
    }

    [Fact]
    public void A_100000_character_intake_name_is_refused_naming_the_key()
    {
        SingleError($"format: attest.intake/v1\nname: {new string('x', 100_000)}\n").ShouldBe("intake.yaml:2: name: must be at most 200 characters, got 100000");
    }

    [Fact]
    public void A_YAML_tab_error_is_reported_at_the_line_of_the_tab()
    {
        // The probe: a tab deep in a block was reported at line 1, where the mapping starts.
        var text = "format: attest.intake/v1\nname: Tabs\ndescription: >\n  first line\n" + string.Concat(Enumerable.Repeat("  more text\n", 10)) + "\tindented with a tab\n";
        SingleError(text).ShouldBe("intake.yaml:15: invalid YAML: a tab character indents this line; YAML indents with spaces only");
    }

    [Fact]
    public void An_unknown_key_is_rejected_with_its_path_and_line()
    {
        SingleError("name: X\ntransparency:\n  deep_fakes: true\n")
            .ShouldBe("intake.yaml:3: transparency.deep_fakes: unknown key; expected one of interacts_with_natural_persons, generates_synthetic_content, emotion_recognition_or_biometric_categorisation, deep_fake, public_interest_text");
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_rejected_with_its_path_and_line()
    {
        SingleError("name: X\ntransparency:\n  deep_fake: maybe\n")
            .ShouldBe("intake.yaml:3: transparency.deep_fake: expected yes, no or unknown (or true, false), got \"maybe\"");
    }

    [Fact]
    public void An_unknown_enum_value_is_rejected_with_the_values_expected()
    {
        SingleError("name: X\nprohibited_practices: [social_scoring, mind_reading]\n")
            .ShouldStartWith("intake.yaml:2: prohibited_practices[1]: expected one of subliminal_manipulation, exploiting_vulnerabilities, social_scoring,");
    }

    [Fact]
    public void An_Annex_III_id_that_does_not_exist_is_rejected()
    {
        SingleError("name: X\nannex_iii:\n  - III.4(a)\n  - III.9(a)\n")
            .ShouldStartWith("intake.yaml:4: annex_iii[1]: \"III.9(a)\" is not an Annex III point; expected one of III.1(a), III.1(b), III.1(c), III.2, III.3(a)");
    }

    [Fact]
    public void An_Art_6_3_exemption_without_Annex_III_is_a_contradiction()
    {
        SingleError("name: X\nannex_iii: none\nart_6_3_exemption: preparatory_task\n")
            .ShouldBe("intake.yaml:3: art_6_3_exemption: an Art 6(3) derogation applies only to a system listed in Annex III, but annex_iii is empty");
    }

    [Fact]
    public void An_Art_5_exception_without_its_practice_is_a_contradiction()
    {
        SingleError("name: X\nprohibited_practices: none\nprohibited_exceptions:\n  - lawful_labelling_or_filtering\n")
            .ShouldBe("intake.yaml:4: prohibited_exceptions[0]: lawful_labelling_or_filtering is the exception to biometric_categorisation_sensitive_traits (Art 5(1)(g)), which is not in prohibited_practices");
    }

    [Fact]
    public void GPAI_answers_for_a_model_that_is_not_GPAI_are_a_contradiction()
    {
        SingleError("name: X\ngpai:\n  is_gpai_model: false\n  training_compute_flops: 2e25\n")
            .ShouldBe("intake.yaml:4: gpai.training_compute_flops: answered for a model that is not a general-purpose AI model (gpai.is_gpai_model is no)");
    }

    [Fact]
    public void A_missing_name_a_wrong_format_and_a_negative_count_are_all_reported()
    {
        var result = Parse("format: attest.intake/v2\naffected_people: -5\n");

        result.Errors.Select(e => e.ToString()).ShouldBe([
            "intake.yaml:1: format: expected attest.intake/v1, got \"attest.intake/v2\"",
            "intake.yaml:1: name: required key is missing",
            "intake.yaml:2: affected_people: expected a whole number from 0 to 4611686018427387903, got -5",
        ]);
    }

    [Fact]
    public void A_duplicate_key_and_broken_YAML_are_reported_with_their_line()
    {
        SingleError("name: X\nprofiling: true\nprofiling: false\n").ShouldBe("intake.yaml:3: profiling: duplicate key");
        SingleError("name: X\nannex_iii: [III.4(a)\n").ShouldStartWith("intake.yaml:3: invalid YAML:");
    }

    [Fact]
    public void JSON_errors_carry_the_line_too()
    {
        SingleError("{\n  \"name\": \"X\",\n  \"operator_role\": \"vendor\"\n}", "intake.json")
            .ShouldStartWith("intake.json:3: operator_role: expected one of provider, deployer, importer, distributor, authorised_representative, product_manufacturer or unknown, got \"vendor\"");
    }

    [Fact]
    public void Quoted_YAML_values_are_text_not_booleans()
    {
        SingleError("name: X\nprofiling: \"true\"\n").ShouldBe("intake.yaml:2: profiling: expected yes, no or unknown (or true, false), got \"true\"");
    }

    [Fact]
    public void Null_is_an_answer_only_where_the_spec_allows_it()
    {
        Parse("name: X\nart_6_3_exemption: null\ngpai:\n  is_gpai_model: true\n  training_compute_flops: null\n").Succeeded.ShouldBeTrue();
        SingleError("name: X\noperator_role: null\n").ShouldStartWith("intake.yaml:2: operator_role: expected one of provider,");
        SingleError("name: X\neu_nexus: ~\n").ShouldBe("intake.yaml:2: eu_nexus: expected yes, no or unknown (or true, false), got null");
    }
}
