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
/// Monitoring over HTTP on the demo portfolio: a plan saved as YAML (201 {version}), read back without its secret, refused
/// with the field named (400); outcomes recorded by the system's service key (409 for another value); an evaluation on
/// demand that opens an alert; the alert listed, acknowledged and resolved.
/// </summary>
public sealed class MonitoringApiTests : IAsyncLifetime
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

    private const string Plan = """
        format: attest.monitoring-plan/v1
        signals:
          - id: approval-accuracy
            kind: performance
            metric: accuracy
            positive: approve
            window: {last: 30d}
            min_n: 4
            comparator: "<"
            threshold: 0.9
            severity: high
            every: 1h
          - id: age-impact
            kind: fairness
            metric: impact_ratio
            attribute: age_band
            positive: approve
            window: {decisions: 1000}
            min_n: 4
            comparator: "<"
            threshold: 0.8
        routes:
          - kind: webhook
            url: https://hooks.example.com/attest
            secret: sixteen-bytes-or-more-secret
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

    private static readonly string Occurred = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Decision(string externalId, string output, string ageBand) =>
        $$$"""{"system":"card-fraud-detection","model_version":"fraud-gbm@5.3.1","external_id":"{{{externalId}}}","occurred_at":"{{{Occurred}}}","input":{"application":"{{{externalId}}}"},"output":"{{{output}}}","confidence":0.95,"factors":{"debt_to_income":0.41},"attributes":{"age_band":"{{{ageBand}}}"}}""";

    [Fact]
    public async Task A_plan_evaluates_outcomes_into_an_alert_that_is_acknowledged_and_resolved()
    {
        var owner = await KeyAsync("product_owner", system: "card-fraud-detection");
        var service = await KeyAsync("service", system: "card-fraud-detection");
        var lead = await KeyAsync("governance_lead");
        var auditor = await KeyAsync("auditor");

        var (saved, version) = await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/monitoring-plan", owner.Secret, Plan, "application/yaml");
        saved.ShouldBe(HttpStatusCode.Created, version?.ToJsonString());
        version!["version"]!.GetValue<int>().ShouldBe(1);
        var (read, plan) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/monitoring-plan", auditor.Secret);
        read.ShouldBe(HttpStatusCode.OK);
        plan!["plan"]!["signals"]!.AsArray().Count.ShouldBe(2);
        plan.ToJsonString().ShouldNotContain("sixteen-bytes-or-more-secret");
        plan["operational"]!.GetValue<bool>().ShouldBeFalse();
        (await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/monitoring-plan", auditor.Secret, Plan, "application/yaml")).Status.ShouldBe(HttpStatusCode.Forbidden);

        var decisions = string.Join(",", Enumerable.Range(0, 8).Select(i => Decision($"mon-{i}", i % 4 == 0 ? "decline" : "approve", i < 4 ? "18-24" : "35-44")));
        (await SendAsync(HttpMethod.Post, "/api/v1/decisions", service.Secret, $$"""{"decisions":[{{decisions}}]}""")).Status.ShouldBe(HttpStatusCode.OK);
        // Half the approvals defaulted: accuracy 4 of 8 (declines right, approvals wrong for mon-1, mon-2, mon-5, mon-6).
        var outcomes = string.Join(",", Enumerable.Range(0, 8).Select(i => $$"""{"system":"card-fraud-detection","external_id":"mon-{{i}}","outcome":"{{(i % 4 == 0 || i % 4 == 3 ? (i % 4 == 0 ? "decline" : "approve") : "decline")}}","observed_at":"{{Occurred}}"}"""));
        var (recorded, result) = await SendAsync(HttpMethod.Post, "/api/v1/decisions/outcomes", service.Secret, $$"""{"outcomes":[{{outcomes}}]}""");
        recorded.ShouldBe(HttpStatusCode.OK, result?.ToJsonString());
        result!["recorded"]!.GetValue<int>().ShouldBe(8);
        var (conflict, problem) = await SendAsync(HttpMethod.Post, "/api/v1/decisions/outcomes", service.Secret,
            """{"outcomes":[{"system":"card-fraud-detection","external_id":"mon-0","outcome":"approve"}]}""");
        conflict.ShouldBe(HttpStatusCode.Conflict, problem?.ToJsonString());
        problem!["errors"]!["outcomes[0].outcome"].ShouldNotBeNull();
        var (unknown, missing) = await SendAsync(HttpMethod.Post, "/api/v1/decisions/outcomes", service.Secret,
            """{"outcomes":[{"system":"card-fraud-detection","external_id":"mon-1","outcome":"decline"},{"decision":"dec_nope","outcome":"approve"}]}""");
        unknown.ShouldBe(HttpStatusCode.BadRequest, missing?.ToJsonString());
        missing!["errors"]!["outcomes[1].decision"].ShouldNotBeNull();

        var (ran, run) = await SendAsync(HttpMethod.Post, "/api/v1/systems/card-fraud-detection/monitoring/run", owner.Secret);
        ran.ShouldBe(HttpStatusCode.OK, run?.ToJsonString());
        var accuracy = run!["signals"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "approval-accuracy")!;
        accuracy["value"]!.GetValue<double>().ShouldBe(0.5);
        accuracy["status"]!.GetValue<string>().ShouldBe("breached");
        var alertId = accuracy["alert"]!.GetValue<string>();
        run["signals"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "age-impact")!["status"]!.GetValue<string>().ShouldBe("ok");

        var (series, points) = await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/monitoring/series?signal=approval-accuracy", auditor.Secret);
        series.ShouldBe(HttpStatusCode.OK);
        // The background scheduler may have evaluated the plan too (it is due once saved): every point says breached.
        points!["points"]!.AsArray().ShouldNotBeEmpty();
        points["points"]!.AsArray().ShouldAllBe(p => p!["status"]!.GetValue<string>() == "breached");

        var (listed, alerts) = await SendAsync(HttpMethod.Get, "/api/v1/alerts?system=card-fraud-detection&state=open", auditor.Secret);
        listed.ShouldBe(HttpStatusCode.OK);
        alerts!["items"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(alertId);
        var otherSystem = await KeyAsync("product_owner", system: "support-chatbot");
        (await SendAsync(HttpMethod.Get, $"/api/v1/alerts/{alertId}", otherSystem.Secret)).Status.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Get, "/api/v1/alerts", otherSystem.Secret)).Body!["items"]!.AsArray().ShouldBeEmpty();
        (await SendAsync(HttpMethod.Get, "/api/v1/alerts?state=sleepy", auditor.Secret)).Status.ShouldBe(HttpStatusCode.BadRequest);

        (await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/acknowledge", auditor.Secret, "{}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (acked, ack) = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/acknowledge", lead.Secret, """{"note":"Looking at the default labels."}""");
        acked.ShouldBe(HttpStatusCode.OK, ack?.ToJsonString());
        ack!["state"]!.GetValue<string>().ShouldBe("acknowledged");
        (await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/acknowledge", lead.Secret, "{}")).Status.ShouldBe(HttpStatusCode.Conflict);
        var (resolvedStatus, resolved) = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{alertId}/resolve", lead.Secret, """{"note":"Labels were late; retrained."}""");
        resolvedStatus.ShouldBe(HttpStatusCode.OK, resolved?.ToJsonString());
        (resolved!["state"]!.GetValue<string>(), resolved["resolution"]!.GetValue<string>()).ShouldBe(("resolved", "Labels were late; retrained."));
    }

    [Fact]
    public async Task A_bad_plan_is_refused_naming_the_field_and_nothing_is_written()
    {
        var owner = await KeyAsync("product_owner", system: "card-fraud-detection");
        var (status, problem) = await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/monitoring-plan", owner.Secret,
            """{"format":"attest.monitoring-plan/v1","signals":[{"id":"x","kind":"sentiment","window":{"last":"7d"},"comparator":"<","threshold":"NaN"}],"routes":[{"kind":"webhook","url":"file:///etc/passwd","secret":"x"}]}""");
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        var errors = problem!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["signals[0].kind", "signals[0].threshold", "routes[0].url", "routes[0].secret"], ignoreOrder: true);
        (await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/monitoring-plan", owner.Secret)).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_webhook_at_the_cloud_metadata_address_is_refused_naming_the_route_url()
    {
        var owner = await KeyAsync("product_owner", system: "card-fraud-detection");
        var (status, problem) = await SendAsync(HttpMethod.Put, "/api/v1/systems/card-fraud-detection/monitoring-plan", owner.Secret,
            """{"format":"attest.monitoring-plan/v1","signals":[{"id":"v","kind":"volume","window":{"last":"1d"},"comparator":"<","threshold":1}],"routes":[{"kind":"webhook","url":"http://169.254.169.254/latest/meta-data/","secret":"sixteen-bytes-or-more-secret"}]}""");
        status.ShouldBe(HttpStatusCode.BadRequest, problem?.ToJsonString());
        var error = problem!["errors"]!.AsObject().ShouldHaveSingleItem();
        error.Key.ShouldBe("routes[0].url");
        error.Value![0]!.GetValue<string>().ShouldContain("169.254.169.254 is a link-local address");
        (await SendAsync(HttpMethod.Get, "/api/v1/systems/card-fraud-detection/monitoring-plan", owner.Secret)).Status.ShouldBe(HttpStatusCode.NotFound);
    }
}
