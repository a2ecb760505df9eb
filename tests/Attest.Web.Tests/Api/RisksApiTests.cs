using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>The risk register and incidents over HTTP with API keys of different roles (AuthorizationMatrix), on the demo portfolio.</summary>
public sealed class RisksApiTests : IAsyncLifetime
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

    private async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> SendAsync(HttpMethod method, string url, string bearer, string? json = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.Tag);
    }

    private async Task<IReadOnlyList<string>> UnmetAsync(string bearer)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate?stage=pre_launch", bearer);
        status.ShouldBe(HttpStatusCode.OK);
        return body!["unmet"]!.AsArray().Select(u => u!["requirement"]!.GetValue<string>()).ToList();
    }

    private const string HighRisk = """
        {"title":"Proxy discrimination through postcode","severity":"high","likelihood":"possible","control":"ATT-DATA-02","owner":"Ana Souza"}
        """;

    [Fact]
    public async Task A_risk_is_recorded_by_the_system_team_changed_with_If_Match_and_accepted_only_by_an_executive_approver()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var stranger = await KeyAsync("product_owner", system: "card-fraud-detection");
        var auditor = await KeyAsync("auditor");
        var lead = await KeyAsync("governance_lead");
        var executive = await KeyAsync("executive_approver");

        var (created, risk, etag) = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/risks", owner.Secret, HighRisk);
        created.ShouldBe(HttpStatusCode.Created);
        etag.ShouldBe("\"1\"");
        var id = risk!["id"]!.GetValue<string>();
        id.ShouldStartWith("rsk_");
        risk["treatment"]!.GetValue<string>().ShouldBe("open");
        risk["likelihood"]!.GetValue<string>().ShouldBe("possible");
        (await UnmetAsync(auditor.Secret)).ShouldContain($"risk:{id}");

        (await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/risks", auditor.Secret, HighRisk)).Status.ShouldBe(HttpStatusCode.Forbidden);
        // A key scoped to another system is not told the system or the risk exist.
        (await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/risks", stranger.Secret, HighRisk)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Patch, $"/api/v1/risks/{id}", stranger.Secret, """{"owner":"x"}""")).Status.ShouldBe(HttpStatusCode.NotFound);
        var badSeverity = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/risks", owner.Secret, HighRisk.Replace("\"high\"", "\"severe\"", StringComparison.Ordinal));
        badSeverity.Status.ShouldBe(HttpStatusCode.BadRequest);
        badSeverity.Body!["errors"]!["severity"]![0]!.GetValue<string>().ShouldBe("Field 'severity' must be one of: low | medium | high | critical.");
        var missing = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/risks", owner.Secret, """{"title":"t"}""");
        missing.Status.ShouldBe(HttpStatusCode.BadRequest);
        missing.Body!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal).ShouldBe(["owner", "severity"]);
        (await SendAsync(HttpMethod.Post, "/api/v1/systems/no-such-system/risks", owner.Secret, HighRisk)).Status.ShouldBe(HttpStatusCode.NotFound);

        (await SendAsync(HttpMethod.Patch, $"/api/v1/risks/{id}", owner.Secret, """{"likelihood":"likely"}""", ifMatch: "\"7\"")).Status.ShouldBe(HttpStatusCode.PreconditionFailed);
        var noMitigation = await SendAsync(HttpMethod.Patch, $"/api/v1/risks/{id}", owner.Secret, """{"treatment":"mitigated"}""", ifMatch: "\"1\"");
        noMitigation.Status.ShouldBe(HttpStatusCode.BadRequest);
        noMitigation.Body!["errors"]!["mitigation"].ShouldNotBeNull();
        var changed = await SendAsync(HttpMethod.Patch, $"/api/v1/risks/{id}", owner.Secret, """{"likelihood":"likely"}""", ifMatch: "\"1\"");
        changed.Status.ShouldBe(HttpStatusCode.OK);
        changed.ETag.ShouldBe("\"2\"");
        changed.Body!["likelihood"]!.GetValue<string>().ShouldBe("likely");

        (await SendAsync(HttpMethod.Post, $"/api/v1/risks/{id}/accept", owner.Secret, """{"rationale":"fine"}""")).Status.ShouldBe(HttpStatusCode.Forbidden, "risks.accept is not the system team's");
        var byLead = await SendAsync(HttpMethod.Post, $"/api/v1/risks/{id}/accept", lead.Secret, """{"rationale":"fine"}""");
        byLead.Status.ShouldBe(HttpStatusCode.Forbidden);
        byLead.Body!["detail"]!.GetValue<string>().ShouldBe("Accepting a high risk requires the executive_approver role.");
        (await SendAsync(HttpMethod.Post, $"/api/v1/risks/{id}/accept", executive.Secret, """{"rationale":""}""")).Status.ShouldBe(HttpStatusCode.BadRequest);
        var accepted = await SendAsync(HttpMethod.Post, $"/api/v1/risks/{id}/accept", executive.Secret, """{"rationale":"Postcode removed from features; residual proxy risk monitored monthly."}""", ifMatch: "\"2\"");
        accepted.Status.ShouldBe(HttpStatusCode.OK);
        accepted.Body!["treatment"]!.GetValue<string>().ShouldBe("accepted");
        accepted.Body["accepted_by"]!.GetValue<string>().ShouldBe($"key:{executive.Key.Id}");
        (await SendAsync(HttpMethod.Post, $"/api/v1/risks/{id}/accept", executive.Secret, """{"rationale":"again"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await UnmetAsync(auditor.Secret)).ShouldNotContain($"risk:{id}");

        var (listed, list, _) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/risks", auditor.Secret);
        listed.ShouldBe(HttpStatusCode.OK);
        // The demo story recorded three risks before this one.
        list!.AsArray().Select(r => r!["id"]!.GetValue<string>()).Count().ShouldBe(4);
        list.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldContain(id);
        (await SendAsync(HttpMethod.Get, $"/api/v1/risks/{id}", auditor.Secret)).ETag.ShouldBe("\"3\"");
    }

    [Fact]
    public async Task An_incident_is_reported_and_closed_with_a_resolution_and_blocks_the_gate_while_open()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var auditor = await KeyAsync("auditor");

        var badSeverity = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", owner.Secret, """{"title":"t","severity":"high"}""");
        badSeverity.Status.ShouldBe(HttpStatusCode.BadRequest);
        badSeverity.Body!["errors"]!["severity"]![0]!.GetValue<string>().ShouldBe("Field 'severity' must be one of: minor | moderate | severe | critical.");
        (await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", auditor.Secret, """{"title":"t","severity":"minor"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);

        var (created, incident, etag) = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/incidents", owner.Secret,
            """{"title":"Scores frozen for two hours","severity":"severe","occurred_at":"2026-01-10T08:00:00Z"}""");
        created.ShouldBe(HttpStatusCode.Created);
        etag.ShouldBe("\"1\"");
        var id = incident!["id"]!.GetValue<string>();
        id.ShouldStartWith("inc_");
        incident["status"]!.GetValue<string>().ShouldBe("open");
        (await UnmetAsync(auditor.Secret)).ShouldContain($"incident:{id}");

        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, "{}")).Status.ShouldBe(HttpStatusCode.BadRequest);
        // Severe: it closes only after its post-incident review.
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"r"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/review", owner.Secret, """{"root_cause":"data_quality","governance_gap":"Cache not covered by checks"}""")).Status.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"r"}""", ifMatch: "\"4\"")).Status.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", auditor.Secret, """{"resolution":"r"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var closed = await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"Cache invalidation fixed; scores recomputed."}""", ifMatch: "\"2\"");
        closed.Status.ShouldBe(HttpStatusCode.OK);
        closed.ETag.ShouldBe("\"3\"");
        closed.Body!["status"]!.GetValue<string>().ShouldBe("closed");
        (await SendAsync(HttpMethod.Post, $"/api/v1/incidents/{id}/close", owner.Secret, """{"resolution":"again"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await UnmetAsync(auditor.Secret)).ShouldNotContain($"incident:{id}");

        var (listed, list, _) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/incidents", auditor.Secret);
        listed.ShouldBe(HttpStatusCode.OK);
        list!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["status"]!.GetValue<string>())).ShouldBe([(id, "closed")]);
        (await SendAsync(HttpMethod.Get, "/api/v1/incidents/inc_missing", auditor.Secret)).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
