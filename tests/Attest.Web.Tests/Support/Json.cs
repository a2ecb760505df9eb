using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Attest.Web.Tests.Support;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> ReadAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

    public static string SystemJson(string slug = "resume-screening", string extra = "") => $$"""
        {
          "slug": "{{slug}}",
          "name": "Résumé screening assistant",
          "purpose": "Ranks applicants' CVs for recruiters.",
          "business_owner": "Dana Kim",
          "technical_owner": "Lee Park",
          "business_unit": "People & Culture",
          "jurisdictions": ["EU", "US-NY"]{{extra}}
        }
        """;

    /// <summary>
    /// docs/examples/resume-screener.intake.yaml as JSON, every question answered: high-risk under Art 6(2) (Annex III.4(a)),
    /// Art 50(1) stacked, tier high. Attest never classifies from silence, so a test that wants a class answers everything.
    /// </summary>
    public const string ResumeScreenerIntake = """
        {
          "format": "attest.intake/v1",
          "name": "Resume screening assistant",
          "operator_role": "provider",
          "eu_nexus": "yes",
          "exclusions": "none",
          "prohibited_practices": "none",
          "annex_i_product": "no",
          "annex_iii": ["III.4(a)"],
          "profiling": "yes",
          "transparency": {
            "interacts_with_natural_persons": "yes", "generates_synthetic_content": "no",
            "emotion_recognition_or_biometric_categorisation": "no", "deep_fake": "no", "public_interest_text": "no"
          },
          "gpai": { "is_gpai_model": "no" },
          "deployment": "external",
          "autonomy": "human_in_the_loop",
          "personal_data": "personal",
          "affected_people": 20000,
          "uses_generative_ai": "yes",
          "third_party_model": "yes"
        }
        """;

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, Body(json), TestContext.Current.CancellationToken);
}
