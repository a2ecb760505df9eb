using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>Incidents with legal clocks over HTTP: deadlines, bad input, the workflow's 409s, containment, review, report export.</summary>
public sealed class IncidentsApiTests : IAsyncLifetime
{
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

    private async Task<(HttpStatusCode Status, JsonNode? Body, string Text)> SendAsync(HttpMethod method, string url, string bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        JsonNode? body = null;
        if (text.Length > 0 && text[0] is '{' or '[') body = JsonNode.Parse(text);
        return (response.StatusCode, body, text);
    }

    private static (string Regime, string Obligation, string DueAt, string? LastDay, string? MetAt)[] Deadlines(JsonNode incident) =>
        incident["deadlines"]!.AsArray().Select(d => (d!["regime"]!.GetValue<string>(), d["obligation"]!.GetValue<string>(), d["due_at"]!.GetValue<string>(),
            d["last_day_ends_at"]?.GetValue<string>(), d["met_at"]?.GetValue<string>())).ToArray();

    [Fact]
    public async Task A_serious_incident_of_a_high_risk_system_gets_the_art_73_gdpr_and_internal_deadlines()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var (status, created, text) = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", owner.Secret, """
            {"title":"Applicant data shown to another applicant","severity":"critical","category":"privacy_leakage",
             "occurred_at":"2026-03-09T22:00:00Z","aware_at":"2026-03-10T14:37:00Z","serious":"fundamental_rights",
             "widespread_infringement":false,"personal_data_breach":true,"owner":"Ana Souza"}
            """);
        status.ShouldBe(HttpStatusCode.Created, text);
        created!["category"]!.GetValue<string>().ShouldBe("privacy_leakage");
        created["high_risk"]!.GetValue<bool>().ShouldBeTrue();
        var id = created["id"]!.GetValue<string>();

        var (got, incident, _) = await SendAsync(HttpMethod.Get, $"/api/v1/incidents/{id}", owner.Secret);
        got.ShouldBe(HttpStatusCode.OK);
        // Tuesday 2026-03-10 14:37 UTC + 24 h / 72 h / 15 days; Art 73 last day Wednesday 25 March ends at midnight.
        Deadlines(incident!).ShouldBe(
        [
            ("internal", "triage", "2026-03-11T14:37:00+00:00", null, null),
            ("gdpr_art33", "supervisory_authority_notification", "2026-03-13T14:37:00+00:00", "2026-03-13T15:00:00+00:00", null),
            ("internal", "containment_plan", "2026-03-13T14:37:00+00:00", null, null),
            ("eu_ai_act_art73", "complete_report", "2026-03-25T14:37:00+00:00", "2026-03-26T00:00:00+00:00", null),
            ("eu_ai_act_art73", "initial_report", "2026-03-25T14:37:00+00:00", "2026-03-26T00:00:00+00:00", null),
        ]);
        incident!["deadlines"]![0]!["state"]!.GetValue<string>().ShouldBe("overdue");

        // Recording the report as sent sets met_at; a second time is a conflict; an obligation it is not on is named.
        var (met, afterMet, metText) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/obligations", owner.Secret,
            """{"regime":"eu_ai_act_art73","obligation":"initial_report","met_at":"2026-03-20T09:00:00Z","note":"Sent to the MSA portal"}""");
        met.ShouldBe(HttpStatusCode.OK, metText);
        Deadlines(afterMet!).Single(d => d.Obligation == "initial_report").MetAt.ShouldBe("2026-03-20T09:00:00+00:00");
        afterMet!["deadlines"]!.AsArray().Single(d => d!["obligation"]!.GetValue<string>() == "initial_report")!["state"]!.GetValue<string>().ShouldBe("met");
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/obligations", owner.Secret,
            """{"regime":"eu_ai_act_art73","obligation":"initial_report"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        var (unknown, problem, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/obligations", owner.Secret,
            """{"regime":"gdpr_art33","obligation":"initial_report"}""");
        unknown.ShouldBe(HttpStatusCode.BadRequest);
        problem!["errors"]!["obligation"]![0]!.GetValue<string>().ShouldContain("has no deadline gdpr_art33/initial_report");
    }

    [Fact]
    public async Task A_system_that_is_not_high_risk_has_no_art_73_clock()
    {
        var owner = await KeyAsync("product_owner", system: "card-fraud-detection");
        var (status, created, text) = await SendAsync(HttpMethod.Post, "/api/v1/systems/card-fraud-detection/incidents", owner.Secret,
            """{"title":"Cardholder harmed","severity":"critical","category":"harmful_output","aware_at":"2026-03-10T14:37:00Z","serious":"death"}""");
        status.ShouldBe(HttpStatusCode.Created, text);
        Deadlines(created!).Select(d => d.Regime).Distinct().ShouldBe(["internal"]);
    }

    [Theory]
    [InlineData("""{"title":"t","severity":"minor","aware_at":"2026-03-10T10:00:00Z","occurred_at":"2026-03-11T10:00:00Z"}""", "aware_at", "must not be before occurred_at (2026-03-11T10:00:00Z)")]
    [InlineData("""{"title":"t","severity":"minor","aware_at":"2999-01-01T00:00:00Z"}""", "aware_at", "must not be in the future")]
    [InlineData("""{"title":"t","severity":"minor","category":"space_weather"}""", "category", "must be one of harmful_output | bias_regression")]
    [InlineData("""{"title":"t","severity":"minor","serious":"sad"}""", "serious", "death | health | critical_infrastructure | fundamental_rights | property_or_environment")]
    public async Task Bad_incident_input_is_a_400_naming_the_field_and_writes_nothing(string json, string field, string message)
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var (before, list, _) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/incidents", owner.Secret);
        before.ShouldBe(HttpStatusCode.OK);
        var (status, problem, text) = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", owner.Secret, json);
        status.ShouldBe(HttpStatusCode.BadRequest, text);
        problem!["errors"]![field]![0]!.GetValue<string>().ShouldContain(message);
        (await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/incidents", owner.Secret)).Body!.AsArray().Count.ShouldBe(list!.AsArray().Count);
    }

    [Fact]
    public async Task The_workflow_refuses_skipped_and_backward_moves_and_closing_a_critical_incident_without_review()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var auditor = await KeyAsync("auditor");
        var (_, created, _) = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", owner.Secret,
            """{"title":"Scores drifted for one region","severity":"critical","category":"bias_regression"}""");
        var id = created!["id"]!.GetValue<string>();
        created["next_statuses"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(["triaged"]);

        var (skip, skipProblem, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", owner.Secret, """{"status":"resolved"}""");
        skip.ShouldBe(HttpStatusCode.Conflict);
        skipProblem!["detail"]!.GetValue<string>().ShouldContain("from open the next step is triaged, not resolved");
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", auditor.Secret, """{"status":"triaged"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (triaged, afterTriage, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", owner.Secret, """{"status":"triaged","note":"Confirmed"}""");
        triaged.ShouldBe(HttpStatusCode.OK);
        afterTriage!["status"]!.GetValue<string>().ShouldBe("triaged");
        Deadlines(afterTriage).Single(d => d.Obligation == "triage").MetAt.ShouldNotBeNull();
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", owner.Secret, """{"status":"open"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", owner.Secret, """{"status":"sideways"}""")).Status.ShouldBe(HttpStatusCode.BadRequest);

        var (close, closeProblem, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"Fixed"}""");
        close.ShouldBe(HttpStatusCode.Conflict);
        closeProblem!["detail"]!.GetValue<string>().ShouldContain("closes only after its post-incident review");

        // Contain by pausing the production deployment: the deployment changes and the containment plan is met.
        var (contained, afterContain, containText) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/containment", owner.Secret,
            """{"kind":"pause_deployment","note":"Manual underwriting meanwhile"}""");
        contained.ShouldBe(HttpStatusCode.OK, containText);
        afterContain!["containment"]![0]!["detail"]!.GetValue<string>().ShouldContain("paused deployment");
        Deadlines(afterContain).Single(d => d.Obligation == "containment_plan").MetAt.ShouldNotBeNull();
        var (_, deployments, _) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring", owner.Secret);
        deployments!["deployments"]!.AsArray().Count(d => d!["status"]!.GetValue<string>() == "paused").ShouldBe(1);

        // The review needs a known root cause; then the incident can close.
        var (badReview, reviewProblem, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/review", owner.Secret,
            """{"root_cause":"gremlins","governance_gap":"g"}""");
        badReview.ShouldBe(HttpStatusCode.BadRequest);
        reviewProblem!["errors"]!["root_cause"]![0]!.GetValue<string>().ShouldContain("data_quality");
        var (reviewed, afterReview, reviewText) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/review", owner.Secret, """
            {"root_cause":"monitoring_gap","governance_gap":"No fairness signal was monitored per region.",
             "corrective_actions":[{"description":"Add a regional fairness signal","owner":"Ana Souza","due_on":"2026-12-31"}]}
            """);
        reviewed.ShouldBe(HttpStatusCode.OK, reviewText);
        afterReview!["review"]!["corrective_actions"]!.AsArray().Count.ShouldBe(1);
        var (report, _, markdown) = await SendAsync(HttpMethod.Get, $"/api/v1/incidents/{id}/report?format=md", auditor.Secret);
        report.ShouldBe(HttpStatusCode.OK);
        markdown.ShouldContain("# Incident report (complete): Scores drifted for one region");
        markdown.ShouldContain("monitoring_gap");
        (await SendAsync(HttpMethod.Get, $"/api/v1/incidents/{id}/report?format=pdf", auditor.Secret)).Status.ShouldBe(HttpStatusCode.BadRequest);
        var (json, reportJson, _) = await SendAsync(HttpMethod.Get, $"/api/v1/incidents/{id}/report?format=json", auditor.Secret);
        json.ShouldBe(HttpStatusCode.OK);
        reportJson!["timeline"]!["aware_at"].ShouldNotBeNull();
        var (stored, evidence, storedText) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/report?format=html", owner.Secret);
        stored.ShouldBe(HttpStatusCode.Created, storedText);
        evidence!["type"]!.GetValue<string>().ShouldBe("incident_report");

        var (closed, afterClose, _) = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"Signal added; deployment resumed after review"}""");
        closed.ShouldBe(HttpStatusCode.OK);
        afterClose!["status"]!.GetValue<string>().ShouldBe("closed");
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/status", owner.Secret, """{"status":"triaged"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
    }
}
