using System.Net;
using System.Net.Http.Headers;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Security;

/// <summary>Who may answer the intake, override a classification and change control statuses (AuthorizationMatrix).</summary>
public sealed class IntakeAccessTests : IAsyncLifetime
{
    // Creditworthiness of natural persons: Annex III.5(b) (data/demo/intakes/credit-scoring.yaml, as JSON).
    // Every question answered (Attest never classifies from silence): high-risk under Art 6(2), Annex III.5(b).
    private const string CreditScoring = """
        { "name": "Consumer credit scoring", "operator_role": "provider", "eu_nexus": "yes", "exclusions": "none",
          "prohibited_practices": "none", "annex_i_product": "no", "annex_iii": ["III.5(b)"], "profiling": true,
          "transparency": { "interacts_with_natural_persons": "no", "generates_synthetic_content": "no",
            "emotion_recognition_or_biometric_categorisation": "no", "deep_fake": "no", "public_interest_text": "no" },
          "gpai": { "is_gpai_model": "no" }, "deployment": "external", "autonomy": "human_on_the_loop", "personal_data": "personal",
          "affected_people": 1200000, "uses_generative_ai": "no", "third_party_model": "no" }
        """;

    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CreatedApiKey> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_product_owner_answers_the_intake_and_tracks_controls_of_their_system_only_and_cannot_override()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");

        (await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/intake", owner.Secret, CreditScoring)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/controls/ATT-RISK-01", owner.Secret, """{"status":"in_progress"}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Put, "/api/v1/systems/resume-screening/intake", owner.Secret, CreditScoring)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var overriding = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/classification/override", owner.Secret,
            """{"class":"minimal_risk","justification":"We think it is not high-risk at all."}""");
        overriding.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_governance_lead_overrides_and_the_ledger_names_the_key_while_an_auditor_only_reads()
    {
        var lead = await KeyAsync("governance_lead");
        var auditor = await KeyAsync("auditor");

        var overriding = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/classification/override", lead.Secret,
            """{"class":"limited_risk","justification":"Legal opinion LO-2026-31 on the scoring scope."}""");

        overriding.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await overriding.ReadAsync())["override"]!["overridden_by"]!.GetValue<string>().ShouldBe($"key:{lead.Key.Id}");
        (await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/classification", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/api/v1/compliance-matrix", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/controls/ATT-RISK-01", auditor.Secret, """{"status":"satisfied"}""")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/intake", auditor.Secret, CreditScoring)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
