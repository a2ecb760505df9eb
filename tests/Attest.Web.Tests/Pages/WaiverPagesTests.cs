using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using static Attest.Web.Tests.Support.PageForms;

namespace Attest.Web.Tests.Pages;

/// <summary>The waiver pages over HTTP as different API keys, on the demo portfolio (credit-scoring is critical tier: waivers run at most 60 days).</summary>
public sealed class WaiverPagesTests : IAsyncLifetime
{
    private const string Page = "/systems/credit-scoring/waivers";
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Task<CreatedApiKey> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);

    /// <summary>A waiver of every model version (the gate page judges the system as a whole, so it counts only those).</summary>
    private static Dictionary<string, string> Request(string control, int days, string? justification = "Bias audit scheduled for next quarter.") => new()
    {
        ["Form.Control"] = control,
        ["Form.ModelVersion"] = "",
        ["Form.Justification"] = justification ?? "",
        ["Form.CompensatingControls"] = "Monthly manual review of declines.",
        ["Form.RiskOwner"] = "Head of Credit Risk",
        ["Form.ExpiresOn"] = Day(Today.AddDays(days)),
    };

    private async Task<JsonArray> WaiversAsync(string bearer, string query)
    {
        var response = await GetAsync(_client, "/api/v1/waivers" + query, bearer, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsArray();
    }

    [Fact]
    public async Task The_request_form_offers_the_required_controls_and_the_tier_maximum_and_shows_errors_beside_the_fields()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");

        var html = await GetHtmlAsync(_client, Page + "?control=ATT-RISK-01", owner.Secret, Ct);
        html.ShouldContain("<option value=\"ATT-RISK-01\" selected");
        html.ShouldContain("<option value=\"credit-pd-gbm@3.1.0\">");
        html.ShouldContain($"At most 60 days for a critical-tier system: on or before {Day(Today.AddDays(60))}.");

        var (empty, emptyHtml) = await PostAsync(_client, Page, "request-waiver", Request("ATT-RISK-01", 30, justification: null), owner.Secret, Ct);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        emptyHtml.ShouldContain("<div class=\"error\" id=\"justification-error\">is required</div>");

        var (tooLong, tooLongHtml) = await PostAsync(_client, Page, "request-waiver", Request("ATT-RISK-01", 61), owner.Secret, Ct);
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        tooLongHtml.ShouldContain($"id=\"expires_on-error\">a waiver for a critical-tier system runs at most 60 days: on or before {Day(Today.AddDays(60))}.</div>");
        // Nothing written: the only waiver is the demo story's expired one.
        (await WaiversAsync(owner.Secret, "?system=credit-scoring")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_requested_waiver_is_listed_approved_by_someone_else_and_counted_by_the_gate_while_self_approval_is_refused_on_the_page()
    {
        var lead = await KeyAsync("governance_lead");
        var executive = await KeyAsync("executive_approver");
        var auditor = await KeyAsync("auditor");

        var (created, createdHtml) = await PostAsync(_client, Page, "request-waiver", Request("ATT-RISK-01", 30), lead.Secret, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.OK, "the form redirects to the list after the request");
        var id = (await WaiversAsync(lead.Secret, "?system=credit-scoring&state=requested")).Single()!["id"]!.GetValue<string>();
        createdHtml.ShouldContain($"id=\"waiver-{id}\"");
        createdHtml.ShouldContain("<span class=\"badge requested\">requested</span>");
        createdHtml.ShouldContain("expires in 30 days");
        createdHtml.ShouldContain("Head of Credit Risk");
        createdHtml.ShouldContain("<td class=\"mono\">all versions</td>");
        createdHtml.ShouldContain($"Approve {id}");

        // An auditor sees the waiver but no decision forms, and the API refuses the approval.
        var auditorHtml = await GetHtmlAsync(_client, Page, auditor.Secret, Ct);
        auditorHtml.ShouldContain($"id=\"waiver-{id}\"");
        auditorHtml.ShouldNotContain($"Approve {id}");
        (await SendAsync(HttpMethod.Post, $"/api/v1/waivers/{id}/approve", auditor.Secret)).ShouldBe(HttpStatusCode.Forbidden);
        var (forged, forgedHtml) = await PostAsync(_client, Page, $"approve-{id}", new Dictionary<string, string>(), auditor.Secret, Ct);
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forgedHtml.ShouldContain($"id=\"waiver-{id}-refusal\">Your roles (auditor) do not allow this.</div>");
        forgedHtml.ShouldNotContain($"Approve {id}");

        var (self, selfHtml) = await PostAsync(_client, Page, $"approve-{id}", new Dictionary<string, string>(), lead.Secret, Ct);
        self.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        selfHtml.ShouldContain($"id=\"waiver-{id}-refusal\">Separation of duties: the requester of an approval or waiver cannot grant it.</div>");
        selfHtml.ShouldContain("<span class=\"badge requested\">requested</span>");

        var (approved, approvedHtml) = await PostAsync(_client, Page, $"approve-{id}", new Dictionary<string, string>(), executive.Secret, Ct);
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Approved, and its 30 days end within the 30-day window: the badge says both.
        approvedHtml.ShouldContain("<span class=\"badge expiring\">approved, expiring</span>");
        approvedHtml.ShouldContain($"approved by key:{executive.Key.Id}");

        var gate = await GetHtmlAsync(_client, "/systems/credit-scoring/gate?stage=pre_launch", auditor.Secret, Ct);
        gate.ShouldContain($"ATT-RISK-01 is waived by the waiver of ATT-RISK-01 until {Day(Today.AddDays(30))}.");
        gate.ShouldNotContain($"waived by {id}", customMessage: "the gate page names the waiver instead of its id");
    }

    [Fact]
    public async Task An_approver_rejects_a_waiver_from_the_portfolio_list_with_a_reason()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var lead = await KeyAsync("governance_lead");
        var status = await SendAsync(HttpMethod.Post, "/api/v1/waivers", owner.Secret,
            $$"""{"system":"credit-scoring","control":"ATT-GOV-01","justification":"j","compensating_controls":"c","risk_owner":"r","expires_on":"{{Day(Today.AddDays(10))}}"}""");
        status.ShouldBe(HttpStatusCode.Created);
        var id = (await WaiversAsync(lead.Secret, "?state=requested")).Single()!["id"]!.GetValue<string>();

        var list = await GetHtmlAsync(_client, "/waivers", lead.Secret, Ct);
        list.ShouldContain("1 pending, 0 expiring within 30 days.");
        list.ShouldContain($"href=\"/systems/credit-scoring/waivers#waiver-{id}\">Consumer credit scoring</a>");
        list.ShouldContain("expires in 10 days");

        var (noReason, noReasonHtml) = await PostAsync(_client, "/waivers", $"reject-{id}", new Dictionary<string, string> { ["reason"] = " " }, lead.Secret, Ct);
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        noReasonHtml.ShouldContain($"<div class=\"error\" id=\"reason-{id}-error\">is required</div>");

        var (rejected, rejectedHtml) = await PostAsync(_client, "/waivers", $"reject-{id}", new Dictionary<string, string> { ["reason"] = "Governance policy must be adopted first." }, lead.Secret, Ct);
        rejected.StatusCode.ShouldBe(HttpStatusCode.OK);
        rejectedHtml.ShouldContain("<span class=\"badge rejected\">rejected</span>");
        rejectedHtml.ShouldContain($"rejected by key:{lead.Key.Id} on {Day(Today)}: Governance policy must be adopted first.");
        rejectedHtml.ShouldNotContain($"Reject {id}");
    }

    private async Task<HttpStatusCode> SendAsync(HttpMethod method, string url, string bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        using var response = await _client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
