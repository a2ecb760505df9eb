using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// On a phone-sized screen, a governance lead opens the review queue, claims a declined card payment the policy sent
/// to people, overrides it with a rationale, and opens the decision's trace: the override, the policy that routed it and a
/// proof that checks out.
/// </summary>
public sealed class OversightJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<string> KeyAsync(string role, string? system = null) =>
        browser.App.WithServiceAsync<CreateApiKey, string>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!.Secret);

    private async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    [Fact]
    public async Task I_claim_a_review_override_the_decision_and_open_its_trace_on_a_phone()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.BaseUrl) };
        var engineer = await KeyAsync("ml_engineer", "card-fraud-detection");
        var approver = await KeyAsync("governance_lead");
        var service = await KeyAsync("service", "card-fraud-detection");
        var proposed = await SendAsync(http, HttpMethod.Put, "/api/v1/systems/card-fraud-detection/oversight-policy", engineer, """
            format: attest.oversight-policy/v1
            controls: [ATT-OVS-01]
            rules:
              - { id: declines, when: { output_in: [decline] }, route: human_review, sla: 1d, priority: high }
            """, "application/yaml");
        await SendAsync(http, HttpMethod.Post, $"/api/v1/systems/card-fraud-detection/oversight-policy/versions/{proposed["version"]}/approve", approver);
        var occurred = TimeProvider.System.GetUtcNow().AddMinutes(-3).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var decision = await SendAsync(http, HttpMethod.Post, "/api/v1/decisions", service,
            $$$"""{"system":"card-fraud-detection","model_version":"fraud-gbm@5.3.1","external_id":"e2e-7","occurred_at":"{{{occurred}}}","input_digest":"{{{new string('b', 64)}}}","output":"decline","confidence":0.88,"factors":{"debt_to_income":0.49,"missed_payments":2},"attributes":{"age_band":"18-24"}}""");
        var item = decision["queue_item"]!.GetValue<string>();

        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/oversight?system=card-fraud-detection");
        var row = page.Locator($"#item-{item}");
        await Assertions.Expect(row).ToContainTextAsync("declines");
        await Assertions.Expect(row).ToContainTextAsync(new Regex("due in (23|24) h"));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("18-24");
        (await page.EvaluateAsync<bool>("() => document.querySelector('main').scrollWidth <= window.innerWidth")).ShouldBeTrue("the queue fits 390 px");

        // Keyboard only: focus the item's link and follow it with Enter.
        await row.GetByRole(AriaRole.Link).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("decided decline");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("debt to income");
        await page.GetByRole(AriaRole.Button, new() { Name = "Claim this review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#state .badge")).ToHaveTextAsync("claimed");

        // An override without a rationale is refused by the browser (required), then done properly.
        await page.GetByLabel("Final output").FillAsync("approve");
        await page.GetByLabel("Rationale").FillAsync("Two missed payments were a bank error, corrected in the bureau file.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Override", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#state .badge")).ToHaveTextAsync("overridden");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Two missed payments were a bank error");

        await page.GetByRole(AriaRole.Link, new() { Name = "Decision trace" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Proof checks out.");
        await Assertions.Expect(page.Locator("#t-review + dl")).ToContainTextAsync("overridden");
        await Assertions.Expect(page.Locator("#t-review + dl")).ToContainTextAsync("approve");
        await Assertions.Expect(page.Locator("#t-policy + dl")).ToContainTextAsync("declines");
        await Assertions.Expect(page.Locator("#t-policy + dl")).ToContainTextAsync("ATT-OVS-01");
        (await page.EvaluateAsync<bool>("() => document.querySelector('main').scrollWidth <= window.innerWidth")).ShouldBeTrue("the trace fits 390 px");
    }
}
