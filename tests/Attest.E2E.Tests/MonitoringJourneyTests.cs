using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// After launch: the governance lead writes a monitoring plan for credit scoring, runs it, sees the breach on the chart and
/// the alert, follows it to the incident it opened, moves it on, contains it by pausing the deployment, and records the
/// post-incident review with a control change — all in the browser.
/// </summary>
public sealed partial class MonitoringJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_alert_leads_to_an_incident_that_is_contained_and_reviewed_in_the_browser()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/credit-scoring");
        await page.GetByRole(AriaRole.Link, new() { Name = "Monitoring", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Monitoring: Consumer credit scoring", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Plan", new() { Exact = true }).FillAsync("""
            format: attest.monitoring-plan/v1
            signals:
              - {id: traffic, kind: volume, window: {last: 1d}, comparator: "<", threshold: 1000000, every: 1d, severity: high, open_incident: true}
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save plan version" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Plan version 1" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Run every signal now" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToContainTextAsync("Ran the monitoring plan");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("traffic over the last 90 days: 1 evaluations, 1 past the threshold") })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Alerts" }).ClickAsync();
        var alert = page.Locator("tr[id^='alert-alr_']").First;
        await Assertions.Expect(alert).ToContainTextAsync("credit-scoring");
        await alert.GetByRole(AriaRole.Link, new() { Name = "Incident opened from this alert" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(IncidentUrl());
        await Assertions.Expect(page.Locator("#incident-status")).ToHaveTextAsync("open");
        await Assertions.Expect(page.Locator("#deadline-table")).ToContainTextAsync("left");

        var move = page.GetByRole(AriaRole.Region, new() { Name = "Move the incident on" });
        await move.GetByLabel("Next status").SelectOptionAsync("triaged");
        await move.GetByLabel("Note").FillAsync("Checking the decision feed.");
        await move.GetByRole(AriaRole.Button, new() { Name = "Move", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#incident-status")).ToHaveTextAsync("triaged");

        var containment = page.GetByRole(AriaRole.Region, new() { Name = "Containment" });
        await containment.GetByLabel("What to do").SelectOptionAsync("pause_deployment");
        await containment.GetByRole(AriaRole.Button, new() { Name = "Contain" }).ClickAsync();
        await Assertions.Expect(page.Locator("#containment-steps")).ToContainTextAsync("pause deployment");

        var review = page.GetByRole(AriaRole.Region, new() { Name = "Post-incident review" });
        await review.GetByLabel("Root cause").SelectOptionAsync("monitoring_gap");
        await review.GetByLabel("Governance gap (which control failed or was missing)").FillAsync("Nobody watched the decision volume after launch.");
        await review.GetByLabel("What will be done").FillAsync("Add a volume control to the library");
        await review.GetByLabel("Owner", new() { Exact = true }).FillAsync("Lena Fischer");
        await review.GetByLabel("Due", new() { Exact = true }).FillAsync("2027-01-31");
        await review.GetByRole(AriaRole.Button, new() { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(page.Locator("#review-record")).ToContainTextAsync("Nobody watched the decision volume after launch.");

        await page.GetByRole(AriaRole.Link, new() { Name = "All incidents" }).ClickAsync();
        await Assertions.Expect(page.Locator("#incidents")).ToContainTextAsync("Consumer credit scoring");
    }

    [GeneratedRegex("/incidents/inc_[0-9a-z]+$")]
    private static partial Regex IncidentUrl();
}
