using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// The system team records a high risk and handles an incident on the system's "Risks &amp; incidents" page; the
/// recorder cannot accept the risk, an executive approver can, and the release gate follows.
/// </summary>
public sealed class RiskJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task I_record_a_risk_close_an_incident_and_an_executive_approver_accepts_the_risk()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/resume-screening");
        await page.GetByRole(AriaRole.Link, new() { Name = "Risks & incidents" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Risks and incidents: resume-screening", Level = 1 })).ToBeVisibleAsync();

        // An unknown control is refused, naming the field.
        await page.Locator("#title").FillAsync("Proxy discrimination through postcode");
        await page.Locator("#severity").SelectOptionAsync("high");
        await page.Locator("#control").FillAsync("ATT-NOPE-01");
        await page.Locator("#owner").FillAsync("Ana Souza");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record risk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'ATT-NOPE-01' is not a control of the library");

        await page.Locator("#title").FillAsync("Proxy discrimination through postcode");
        await page.Locator("#severity").SelectOptionAsync("high");
        await page.Locator("#control").FillAsync("ATT-DATA-02");
        await page.Locator("#owner").FillAsync("Ana Souza");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record risk" }).ClickAsync();
        var risk = page.Locator("tr[id^='risk-rsk_']");
        await Assertions.Expect(risk.Locator(".risk-treatment")).ToContainTextAsync("open");
        var riskId = (await risk.GetAttributeAsync("id"))!["risk-".Length..];

        await page.Locator("#incident_title").FillAsync("Scores frozen for two hours");
        await page.Locator("#incident_severity").SelectOptionAsync("severe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Report incident" }).ClickAsync();
        var incident = page.Locator("tr[id^='incident-inc_']");
        await Assertions.Expect(incident.Locator(".incident-status")).ToContainTextAsync("open");
        var incidentId = (await incident.GetAttributeAsync("id"))!["incident-".Length..];

        // The gate names them, with their owners and the one action that moves each forward.
        await page.GotoAsync("/systems/resume-screening/gate");
        var unmetRisk = page.Locator($"#req-risk-{riskId}");
        await Assertions.Expect(unmetRisk).ToContainTextAsync("Risk “Proxy discrimination through postcode”");
        await Assertions.Expect(unmetRisk).ToContainTextAsync("Owner: Ana Souza");
        await Assertions.Expect(unmetRisk.GetByRole(AriaRole.Link, new() { Name = "Treat the risk" })).ToHaveAttributeAsync("href", $"/systems/resume-screening/risks#risk-{riskId}");
        await Assertions.Expect(page.Locator($"#req-incident-{incidentId}")).ToContainTextAsync("Incident “Scores frozen for two hours”");
        await Assertions.Expect(page.Locator("#unmet")).Not.ToContainTextAsync(riskId);

        // A severe incident closes only after its post-incident review, recorded on the incident's own page.
        await page.GotoAsync($"/incidents/{incidentId}");
        var review = page.GetByRole(AriaRole.Region, new() { Name = "Post-incident review" });
        await review.GetByLabel("Root cause").SelectOptionAsync("control_not_operated");
        await review.GetByLabel("Governance gap (which control failed or was missing)").FillAsync("The cache flush runbook was not followed.");
        await review.GetByLabel("Summary").FillAsync("Stale scores served for two hours.");
        await review.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#review-record")).ToContainTextAsync("The cache flush runbook was not followed.");
        await page.GotoAsync("/systems/resume-screening/risks");
        await incident.Locator("input[name='resolution']").FillAsync("Cache invalidation fixed; scores recomputed.");
        await incident.GetByRole(AriaRole.Button, new() { Name = "Close incident" }).ClickAsync();
        await Assertions.Expect(incident.Locator(".incident-status")).ToContainTextAsync("closed");

        // The governance lead recorded the risk, so she cannot accept it.
        await risk.Locator("input[name='rationale']").FillAsync("Monitored monthly.");
        await risk.GetByRole(AriaRole.Button, new() { Name = "Accept risk" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"Separation of duties: risk {riskId} was recorded by");

        (await browser.App.WithServiceAsync<CreateUser, bool>(async c => (await c.ExecuteAsync(
            new UserInput { UserName = "eve", DisplayName = "Eve Exec", Roles = ["executive_approver"], Password = Password }, CallerIdentity.Attest, CancellationToken.None)).IsOk))
            .ShouldBeTrue();
        page = await browser.NewPageAsync("eve", Password);
        await page.GotoAsync("/systems/resume-screening/risks");
        risk = page.Locator($"#risk-{riskId}");
        await risk.Locator("input[name='rationale']").FillAsync("Postcode removed from features; residual proxy risk monitored monthly.");
        await risk.GetByRole(AriaRole.Button, new() { Name = "Accept risk" }).ClickAsync();
        await Assertions.Expect(risk.Locator(".risk-treatment")).ToContainTextAsync("accepted by user:");

        await page.GotoAsync("/systems/resume-screening/gate");
        await page.Locator("#met-requirements summary").ClickAsync();
        await Assertions.Expect(page.Locator("#met-requirements")).ToContainTextAsync("high risk “Proxy discrimination through postcode” is accepted.");
        await Assertions.Expect(page.Locator($"#req-incident-{incidentId}")).ToHaveCountAsync(0);
    }
}
