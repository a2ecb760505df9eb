namespace Attest.Core.Tests.Compliance;

/// <summary>Intake answers (attest.intake/v1) used by the compliance tests.</summary>
internal static class IntakeAnswersJson
{
    /// <summary>docs/examples/resume-screener.intake.yaml as JSON: high-risk (Art 6(2), Annex III.4(a)) with Art 50(1) stacked, tier high.</summary>
    public const string ResumeScreener = """
        {
          "format": "attest.intake/v1",
          "name": "Resume screening assistant",
          "description": "Ranks applicants' CVs for recruiters",
          "operator_role": "provider",
          "eu_nexus": true,
          "exclusions": [],
          "prohibited_practices": [],
          "annex_i_product": false,
          "annex_iii": ["III.4(a)"],
          "profiling": true,
          "transparency": {
            "interacts_with_natural_persons": true, "generates_synthetic_content": false,
            "emotion_recognition_or_biometric_categorisation": false, "deep_fake": false, "public_interest_text": false
          },
          "gpai": { "is_gpai_model": false },
          "deployment": "external",
          "autonomy": "human_in_the_loop",
          "personal_data": "personal",
          "affected_people": 20000,
          "uses_generative_ai": true,
          "third_party_model": true
        }
        """;

    /// <summary>The same system without an Annex III use or Art 50 duty: minimal risk (Art 95), tier low.</summary>
    public const string InternalTool = """
        {
          "name": "Resume screening assistant",
          "operator_role": "provider",
          "eu_nexus": "yes",
          "exclusions": "none",
          "prohibited_practices": "none",
          "annex_i_product": "no",
          "annex_iii": "none",
          "profiling": "no",
          "transparency": {
            "interacts_with_natural_persons": "no", "generates_synthetic_content": "no",
            "emotion_recognition_or_biometric_categorisation": "no", "deep_fake": "no", "public_interest_text": "no"
          },
          "gpai": { "is_gpai_model": "no" },
          "deployment": "internal",
          "autonomy": "human_in_the_loop",
          "personal_data": "personal",
          "affected_people": 200,
          "uses_generative_ai": "no",
          "third_party_model": "no"
        }
        """;

    /// <summary>Only a name and a description: every question unanswered, so the classification is incomplete.</summary>
    public const string NameOnly = """
        { "name": "Resume screening assistant", "description": "Ranks applicants' CVs for recruiters" }
        """;
}
