using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>A governance lead goes from the programme dashboard to one KPI, narrows it to a tier, and on to a system behind the number.</summary>
public sealed partial class DashboardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_go_from_the_dashboard_to_a_KPI_and_the_systems_behind_its_number()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Programme dashboard", Level = 1 })).ToBeVisibleAsync();

        var tile = page.Locator("article[data-kpi='monitoring_coverage']");
        await Assertions.Expect(tile).ToContainTextAsync("not met");
        await page.GetByLabel("Tier", new() { Exact = true }).SelectOptionAsync("low");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(TierLow());

        await tile.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Systems with operational monitoring", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("low tier");
        // The recommender is in production and monitored, but no test delivery has proven its alert routing.
        var recommender = page.Locator("tr[data-system='marketing-recommender']");
        await Assertions.Expect(recommender).ToHaveAttributeAsync("data-in-numerator", "false");
        await recommender.GetByRole(AriaRole.Link, new() { Name = "Next-best-offer recommender" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Next-best-offer recommender", Level = 1 })).ToBeVisibleAsync();
    }

    [GeneratedRegex("/dashboard\\?tier=low")]
    private static partial Regex TierLow();
}
