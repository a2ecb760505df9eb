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

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, Body(json), TestContext.Current.CancellationToken);
}
