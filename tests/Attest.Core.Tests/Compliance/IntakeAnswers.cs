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
          "annex_iii": ["III.4(a)"],
          "profiling": true,
          "transparency": { "interacts_with_natural_persons": true },
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
          "deployment": "internal",
          "personal_data": "personal",
          "affected_people": 200
        }
        """;
}
