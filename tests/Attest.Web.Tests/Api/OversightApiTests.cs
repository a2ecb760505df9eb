using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>
/// Runtime oversight over HTTP on the demo portfolio, with API keys of each role: a policy proposed as YAML and approved by a
/// second person, decisions logged by the system's service key, the queue worked by a reviewer, the trace and the metrics,
/// and the refusals the issue names (413, 403, 409, 400) as problem details.
/// </summary>
public sealed class OversightApiTests : IAsyncLifetime
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

    private const string Policy = """
        format: attest.oversight-policy/v1
        controls: [ATT-OVS-01]
        rules:
          - id: low-confidence
            when: { confidence_below: 0.8 }
            route: human_review
            sla: 4h
            priority: high
          - id: declines
            when: { output_in: [decline] }
            route: human_review
            sla: 1d
        """;

    private Task<CreatedApiKey> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, string bearer, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    // One instant per test run: a resent decision must have the same body, so occurred_at may not move with the clock.
    private static readonly string Occurred = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Decision(string externalId, string output, double confidence) =>
        $$$"""{"system":"card-fraud-detection","model_version":"fraud-gbm@5.3.1","external_id":"{{{externalId}}}","occurred_at":"{{{Occurred}}}","input":{"application":"{{{externalId}}}"},"output":"{{{output}}}","confidence":{{{confidence.ToString(CultureInfo.InvariantCulture)}}},"factors":{"debt_to_income":0.41},"attributes":{"age_band":"18-24"}}""";

    [Fact]
    public async Task A_policy_put_in_force_routes_logged_decisions_to_a_reviewer_who_overrides_one_and_its_trace_shows_it()
    {
        var owner = await KeyAsync("product_owner", system: "card-fraud-detection");
        var lead = await KeyAsync("governance_lead");
        var reviewer = await KeyAsync("reviewer");
        var service = await KeyAsync("service", system: "card-fraud-detection");

        var (proposed, version) = await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/oversight-policy", owner.Secret, Policy, "application/yaml");
        proposed.ShouldBe(HttpStatusCode.Created, version?.ToJsonString());
        var n = version!["version"]!.GetValue<int>();
        version["status"]!.GetValue<string>().ShouldBe("proposed");
        version["sha256"]!.GetValue<string>().Length.ShouldBe(64);
        (await SendAsync(HttpMethod.Post, $"/api/v1/systems/card-fraud-detection/oversight-policy/versions/{n}/approve", owner.Secret)).Status
            .ShouldBe(HttpStatusCode.Forbidden, "the author's team may propose, not approve");
        var (approved, inForce) = await SendAsync(HttpMethod.Post, $"/api/v1/systems/card-fraud-detection/oversight-policy/versions/{n}/approve", lead.Secret);
        approved.ShouldBe(HttpStatusCode.OK, inForce?.ToJsonString());
        (inForce!["version"]!.GetValue<int>(), inForce["status"]!.GetValue<string>()).ShouldBe((n, "in_force"));
        var (_, policy) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/oversight-policy", reviewer.Secret);
        policy!.ToJsonString().ShouldContain("\"in_force\"");

        var (logged, one) = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("app-1", "approve", 0.93));
        logged.ShouldBe(HttpStatusCode.Created, one?.ToJsonString());
        one!["route"]!.GetValue<string>().ShouldBe("auto");
        one["policy_version"]!.GetValue<int>().ShouldBe(n);
        one["duplicate"]!.GetValue<bool>().ShouldBeFalse();
        var (batchStatus, batch) = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret,
            $$"""{"decisions":[{{Decision("app-2", "decline", 0.95)}},{{Decision("app-1", "approve", 0.93)}}]}""");
        batchStatus.ShouldBe(HttpStatusCode.OK, batch?.ToJsonString());
        (batch!["accepted"]!.GetValue<int>(), batch["duplicates"]!.GetValue<int>()).ShouldBe((1, 1));
        var declined = batch["results"]![0]!;
        declined["route"]!.GetValue<string>().ShouldBe("human_review");
        declined["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["declines"]);
        batch["results"]![1]!["id"]!.GetValue<string>().ShouldBe(one["id"]!.GetValue<string>());
        var item = declined["queue_item"]!.GetValue<string>();

        (await SendAsync(HttpMethod.Get, "/api/v1/oversight/queue", service.Secret)).Status.ShouldBe(HttpStatusCode.Forbidden, "a service key does not read the queue");
        var (_, queue) = await SendAsync(HttpMethod.Get, "/api/v1/oversight/queue?system=card-fraud-detection&state=pending", reviewer.Secret);
        var listed = queue!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == item)!;
        listed["decision"]!.GetValue<string>().ShouldBe(declined["id"]!.GetValue<string>());
        listed["due_at"].ShouldNotBeNull();
        listed.AsObject().ContainsKey("attributes").ShouldBeFalse("reviewers never see protected attributes");

        (await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/claim", reviewer.Secret)).Status.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", lead.Secret, """{"outcome":"confirmed"}""")).Status
            .ShouldBe(HttpStatusCode.Conflict, "leased by someone else");
        var noRationale = await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer.Secret, """{"outcome":"overridden","final_output":"approve"}""");
        noRationale.Status.ShouldBe(HttpStatusCode.BadRequest);
        noRationale.Body!["errors"]!["rationale"].ShouldNotBeNull();
        (await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer.Secret, """{"outcome":"overridden","final_output":"decline","rationale":"r"}""")).Status
            .ShouldBe(HttpStatusCode.BadRequest, "an override changes the output");
        var (resolved, review) = await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer.Secret,
            """{"outcome":"overridden","final_output":"approve","rationale":"Income verified by payslips; the debt ratio was stale."}""");
        resolved.ShouldBe(HttpStatusCode.OK, review?.ToJsonString());
        (await SendAsync(HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer.Secret, """{"outcome":"confirmed"}""")).Status
            .ShouldBe(HttpStatusCode.Conflict, "a resolution is final");

        var (traced, trace) = await SendAsync(HttpMethod.Get, $"/api/v1/decisions/{declined["id"]!.GetValue<string>()}/trace", reviewer.Secret);
        traced.ShouldBe(HttpStatusCode.OK, trace?.ToJsonString());
        foreach (var member in (string[])["decision", "model_version", "deployment", "approval", "policy", "review", "proof"])
            trace!.AsObject().ContainsKey(member).ShouldBeTrue(member);
        trace!["policy"]!["version"]!.GetValue<int>().ShouldBe(n);
        trace["policy"]!["fired_rules"]!.AsArray().Select(r => r is JsonObject o ? o["id"]!.GetValue<string>() : r!.GetValue<string>()).ShouldBe(["declines"]);
        trace["review"]!["outcome"]!.GetValue<string>().ShouldBe("overridden");
        trace["review"]!["final_output"]!.GetValue<string>().ShouldBe("approve");
        trace["review"]!["resolved_by"].ShouldNotBeNull();

        var (metricsStatus, metrics) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/oversight/metrics", reviewer.Secret);
        metricsStatus.ShouldBe(HttpStatusCode.OK, metrics?.ToJsonString());
        metrics!["decisions"]!.GetValue<int>().ShouldBe(2);

        var (listStatus, page) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/decisions?route=human_review&page=1&page_size=10", reviewer.Secret);
        listStatus.ShouldBe(HttpStatusCode.OK);
        (page!["total"]!.GetValue<int>(), page["page"]!.GetValue<int>(), page["page_size"]!.GetValue<int>()).ShouldBe((1, 1, 10));
    }

    [Fact]
    public async Task Bad_decisions_are_refused_with_problem_details_naming_the_field_and_nothing_is_written()
    {
        var service = await KeyAsync("service", system: "card-fraud-detection");
        var tooMany = "{\"decisions\":[" + string.Join(",", Enumerable.Range(0, 10_001).Select(i => Decision($"t{i}", "approve", 0.9))) + "]}";
        (await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, tooMany)).Status.ShouldBe(HttpStatusCode.RequestEntityTooLarge);

        var badConfidence = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("c1", "approve", 1.5));
        badConfidence.Status.ShouldBe(HttpStatusCode.BadRequest);
        badConfidence.Body!["errors"]!["confidence"].ShouldNotBeNull();
        var unknownVersion = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("c2", "approve", 0.9).Replace("5.3.1", "9.9.9", StringComparison.Ordinal));
        unknownVersion.Status.ShouldBe(HttpStatusCode.NotFound);
        unknownVersion.Body!["detail"]!.GetValue<string>().ShouldContain("fraud-gbm@9.9.9");
        var unknownSystem = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("c3", "approve", 0.9).Replace("card-fraud-detection", "no-such-system", StringComparison.Ordinal));
        unknownSystem.Status.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Forbidden);

        (await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("c4", "approve", 0.9))).Status.ShouldBe(HttpStatusCode.Created);
        var changed = await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, Decision("c4", "decline", 0.9));
        changed.Status.ShouldBe(HttpStatusCode.Conflict);
        var (_, page) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/decisions", _factory.AdminKey);
        page!["total"]!.GetValue<int>().ShouldBe(1);

        var badPolicy = await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/oversight-policy", _factory.AdminKey,
            Policy.Replace("confidence_below: 0.8", "confidence_under: 0.8", StringComparison.Ordinal), "application/yaml");
        badPolicy.Status.ShouldBe(HttpStatusCode.BadRequest);
        badPolicy.Body!.ToJsonString().ShouldContain("confidence_under");
    }
}
