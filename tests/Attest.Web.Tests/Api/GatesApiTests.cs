using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>Gates, reviews and waivers over HTTP with API keys of different roles (AuthorizationMatrix), on the demo portfolio.</summary>
public sealed class GatesApiTests : IAsyncLifetime
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

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string url, string bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task The_gate_of_a_system_lists_decision_and_unmet_requirements_and_refuses_an_unknown_stage_or_version()
    {
        var auditor = await KeyAsync("auditor");

        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate?stage=pre_launch", auditor.Secret);
        status.ShouldBe(HttpStatusCode.OK);
        body!["decision"]!.GetValue<string>().ShouldBe("no_go");
        var unmet = body["unmet"]!.AsArray().Select(u => u!["requirement"]!.GetValue<string>()).ToList();
        unmet.ShouldContain("sign_off:legal");
        unmet.ShouldContain("evaluation:impact-ratio:age_band=18-24");

        var badStage = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate?stage=launch", auditor.Secret);
        badStage.Status.ShouldBe(HttpStatusCode.BadRequest);
        badStage.Body!["errors"]!["stage"]![0]!.GetValue<string>().ShouldStartWith("must be one of design_review, pre_launch");
        var badVersion = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate?model_version=0.0.1", auditor.Secret);
        badVersion.Status.ShouldBe(HttpStatusCode.BadRequest);
        badVersion.Body!["errors"]!["model_version"]![0]!.GetValue<string>().ShouldStartWith("AI system 'credit-scoring' has no model version '0.0.1'");
    }

    [Fact]
    public async Task A_review_is_requested_then_decided_once_by_someone_else_with_the_right_role()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var reviewer = await KeyAsync("reviewer");
        var lead = await KeyAsync("governance_lead");

        var (created, review) = await SendAsync(HttpMethod.Post, "/api/v1/reviews", owner.Secret, """{"system":"credit-scoring","stage":"pre_launch","model_version":"3.0.2"}""");
        created.ShouldBe(HttpStatusCode.Created);
        var id = review!["id"]!.GetValue<string>();
        review["model_version"]!.GetValue<string>().ShouldBe("credit-pd-gbm@3.0.2");
        // The demo's own 3.1.0 review is still open: a second one is refused.
        (await SendAsync(HttpMethod.Post, "/api/v1/reviews", owner.Secret, """{"system":"credit-scoring","stage":"pre_launch","model_version":"3.1.0"}""")).Status.ShouldBe(HttpStatusCode.Conflict);

        // An API key holds no reviewer specialty, so it cannot sign for legal.
        var signOff = await SendAsync(HttpMethod.Post, $"/api/v1/reviews/{id}/signoffs", reviewer.Secret, """{"specialty":"legal","decision":"approve","rationale":"ok"}""");
        signOff.Status.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, $"/api/v1/reviews/{id}/decision", owner.Secret, """{"decision":"no_go","rationale":"x"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var go = await SendAsync(HttpMethod.Post, $"/api/v1/reviews/{id}/decision", lead.Secret, """{"decision":"go","rationale":"ship"}""");
        go.Status.ShouldBe(HttpStatusCode.Forbidden, "credit scoring is critical tier: a go accepts residual risk and needs executive_approver");

        var noGo = await SendAsync(HttpMethod.Post, $"/api/v1/reviews/{id}/decision", lead.Secret, """{"decision":"no_go","rationale":"Evidence missing."}""");
        noGo.Status.ShouldBe(HttpStatusCode.OK);
        noGo.Body!["decision"]!.GetValue<string>().ShouldBe("no_go");
        noGo.Body["pinned_gate_sha256"]!.GetValue<string>().ShouldStartWith("sha256:");
        (await SendAsync(HttpMethod.Post, $"/api/v1/reviews/{id}/decision", lead.Secret, """{"decision":"no_go","rationale":"again"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Get, $"/api/v1/reviews/{id}", reviewer.Secret)).Body!["status"]!.GetValue<string>().ShouldBe("decided");
    }

    [Fact]
    public async Task A_waiver_is_limited_to_the_tier_maximum_and_approved_by_someone_else()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var lead = await KeyAsync("governance_lead");
        const string body = """{"system":"credit-scoring","control":"ATT-RISK-01","justification":"j","compensating_controls":"c","risk_owner":"o","expires_on":"EXPIRES"}""";

        var tooLong = await SendAsync(HttpMethod.Post, "/api/v1/waivers", owner.Secret, body.Replace("EXPIRES", "2099-01-01", StringComparison.Ordinal));
        tooLong.Status.ShouldBe(HttpStatusCode.BadRequest);
        tooLong.Body!["errors"]!["expires_on"]![0]!.GetValue<string>().ShouldStartWith("a waiver for a critical-tier system runs at most 60 days");

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (created, waiver) = await SendAsync(HttpMethod.Post, "/api/v1/waivers", owner.Secret, body.Replace("EXPIRES", today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        created.ShouldBe(HttpStatusCode.Created);
        var id = waiver!["id"]!.GetValue<string>();
        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/approve", owner.Secret)).Status.ShouldBe(HttpStatusCode.Forbidden);
        var approved = await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/approve", lead.Secret);
        approved.Status.ShouldBe(HttpStatusCode.OK);
        approved.Body!["state"]!.GetValue<string>().ShouldBe("approved");
        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/approve", lead.Secret)).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Material_changes_need_an_approved_version_to_compare_with()
    {
        var auditor = await KeyAsync("auditor");
        // Résumé screening is still in review: no version of it was ever approved.
        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v1/systems/resume-screening/changes", auditor.Secret);
        status.ShouldBe(HttpStatusCode.OK);
        body!["approved_version"].ShouldBeNull();
        body["changes"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_conditions_of_the_demo_design_approval_are_tracked_actions_closed_by_governance()
    {
        var auditor = await KeyAsync("auditor");
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var lead = await KeyAsync("governance_lead");

        var (status, list) = await SendAsync(HttpMethod.Get, "/api/v1/actions?system=credit-scoring&status=open", auditor.Secret);

        status.ShouldBe(HttpStatusCode.OK);
        var actions = list!.AsArray();
        actions.Count.ShouldBe(3);
        // Due 20 days before seeding: overdue, listed first; the others are due in 30 and 60 days.
        actions[0]!["overdue"]!.GetValue<bool>().ShouldBeTrue();
        actions[0]!["description"]!.GetValue<string>().ShouldStartWith("Fairness test of the candidate model");
        actions[1]!["overdue"]!.GetValue<bool>().ShouldBeFalse();
        var id = actions[0]!["id"]!.GetValue<string>();
        (await SendAsync(HttpMethod.Get, "/api/v1/actions?status=later", auditor.Secret)).Body!["errors"]!["status"]![0]!.GetValue<string>().ShouldBe("must be one of open | done");
        (await SendAsync(HttpMethod.Post, $"/api/v1/actions/{id}/complete", owner.Secret, """{"note":"done"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, $"/api/v1/actions/{id}/complete", lead.Secret, "{}")).Body!["errors"]!["note"].ShouldNotBeNull();
        var done = await SendAsync(HttpMethod.Post, $"/api/v1/actions/{id}/complete", lead.Secret, """{"note":"Fairness report of 3.1.0 attached; thresholds not met, tracked in the pre-launch review."}""");
        done.Status.ShouldBe(HttpStatusCode.OK);
        done.Body!["status"]!.GetValue<string>().ShouldBe("done");
        (await SendAsync(HttpMethod.Post, $"/api/v1/actions/{id}/complete", lead.Secret, """{"note":"again"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Get, "/api/v1/actions?system=credit-scoring&status=open", auditor.Secret)).Body!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Waivers_are_listed_by_system_and_state_and_rejected_with_a_reason_by_an_approver_other_than_the_requester()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var lead = await KeyAsync("governance_lead");
        var auditor = await KeyAsync("auditor");
        var expires = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var (created, waiver) = await SendAsync(HttpMethod.Post, "/api/v1/waivers", owner.Secret,
            $$"""{"system":"credit-scoring","control":"ATT-GOV-01","justification":"j","compensating_controls":"c","risk_owner":"o","expires_on":"{{expires}}"}""");
        created.ShouldBe(HttpStatusCode.Created);
        var id = waiver!["id"]!.GetValue<string>();

        var (listed, list) = await SendAsync(HttpMethod.Get, "/api/v1/waivers?system=credit-scoring&state=requested", auditor.Secret);
        listed.ShouldBe(HttpStatusCode.OK);
        var item = list!.AsArray().Single()!;
        item["id"]!.GetValue<string>().ShouldBe(id);
        item["system_slug"]!.GetValue<string>().ShouldBe("credit-scoring");
        item["days_to_expiry"]!.GetValue<int>().ShouldBe(20);
        item["expired"]!.GetValue<bool>().ShouldBeFalse();
        // The demo story approved two waivers (code-assistant ATT-GOV-09 in force, credit-scoring ATT-OVS-02 expired).
        (await SendAsync(HttpMethod.Get, "/api/v1/waivers?state=approved", auditor.Secret)).Body!.AsArray().Select(w => w!["control"]!.GetValue<string>()).ShouldBe(["ATT-GOV-09", "ATT-OVS-02"]);
        var badState = await SendAsync(HttpMethod.Get, "/api/v1/waivers?state=pending", auditor.Secret);
        badState.Status.ShouldBe(HttpStatusCode.BadRequest);
        badState.Body!["errors"]!["state"]![0]!.GetValue<string>().ShouldBe("must be one of requested, approved, rejected, revoked");
        (await SendAsync(HttpMethod.Get, "/api/v1/waivers?system=nope", auditor.Secret)).Status.ShouldBe(HttpStatusCode.NotFound);

        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/reject", auditor.Secret, """{"reason":"no"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/reject", owner.Secret, """{"reason":"no"}""")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var noReason = await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/reject", lead.Secret, "{}");
        noReason.Status.ShouldBe(HttpStatusCode.BadRequest);
        noReason.Body!["errors"]!["reason"]![0]!.GetValue<string>().ShouldBe("is required");
        var rejected = await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/reject", lead.Secret, """{"reason":"Adopt the policy first."}""");
        rejected.Status.ShouldBe(HttpStatusCode.OK);
        rejected.Body!["state"]!.GetValue<string>().ShouldBe("rejected");
        rejected.Body["rejection_reason"]!.GetValue<string>().ShouldBe("Adopt the policy first.");
        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/reject", lead.Secret, """{"reason":"again"}""")).Status.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_gate_bundle_of_a_system_is_served_as_signed_and_an_unknown_system_is_404()
    {
        var admin = await KeyAsync("admin");
        var auditor = await KeyAsync("auditor");
        // The first checkpoint gives the data directory its ledger key; the bundle is then signed with it.
        (await SendAsync(HttpMethod.Post, "/api/v1/ledger/checkpoints", admin.Secret)).Status.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.OK);
        var keys = (await SendAsync(HttpMethod.Get, "/api/v1/ledger/public-keys", auditor.Secret)).Body!["items"]!.AsArray();
        var activeKey = Convert.FromBase64String(keys.Single(k => k!["active"]!.GetValue<bool>())!["public_key"]!.GetValue<string>());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate/bundle?model_version=3.1.0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auditor.Secret);
        using var response = await _client.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var opened = Attest.Engine.Gates.GateBundleDocument.Open(await response.Content.ReadAsStringAsync(Ct));
        opened.Bundle.SystemSlug.ShouldBe("credit-scoring");
        opened.Bundle.ModelVersion!.Label.ShouldBe("credit-pd-gbm@3.1.0");
        opened.Bundle.Tier.ShouldBe(Attest.Engine.Classification.RiskTier.Critical);
        opened.Bundle.Gates.Count.ShouldBe(4);
        Attest.Core.Features.Gates.OfflineGate.SignatureProblem(opened, [activeKey]).ShouldBeNull();

        var unknown = await SendAsync(HttpMethod.Get, "/api/v1/systems/no-such-system/gate/bundle", auditor.Secret);
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
        unknown.Body!["detail"]!.GetValue<string>().ShouldBe("No AI system 'no-such-system'.");
        var badVersion = await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring/gate/bundle?model_version=0.0.1", auditor.Secret);
        badVersion.Status.ShouldBe(HttpStatusCode.BadRequest);
        badVersion.Body!["errors"]!["model_version"]![0]!.GetValue<string>().ShouldStartWith("AI system 'credit-scoring' has no model version '0.0.1'");
        (await _factory.CreateAnonymousClient().GetAsync("/api/v1/systems/credit-scoring/gate/bundle", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
