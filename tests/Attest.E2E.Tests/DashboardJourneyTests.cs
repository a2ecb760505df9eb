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

        await tile.GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Systems with operational monitoring", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("low tier");
        // The recommender is in production and monitored, but no test delivery has proven its alert routing.
        var recommender = page.Locator("tr[data-system='marketing-recommender']");
        await Assertions.Expect(recommender).ToHaveAttributeAsync("data-in-numerator", "false");
        await recommender.GetByRole(AriaRole.Link, new() { Name = "Next-best-offer recommender" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Next-best-offer recommender", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_dashboard_shows_six_months_of_trends_and_a_risk_heat_map_that_leads_to_the_systems()
    {
        var page = await browser.NewPageAsync();
        // The snapshot job backfills the demo's history right after start: reload until the tiles have their trend (cap 90 s).
        var deadline = DateTime.UtcNow.AddSeconds(90);
        await page.GotoAsync("/dashboard");
        while (await page.Locator("article[data-kpi='rai_coverage'] svg.sparkline").CountAsync() == 0 && DateTime.UtcNow < deadline)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ReloadAsync();
        }
        var sparkline = page.Locator("article[data-kpi='rai_coverage'] svg.sparkline");
        await Assertions.Expect(sparkline).ToBeVisibleAsync();
        (await sparkline.GetAttributeAsync("aria-label")).ShouldStartWith("Trend of Systems with a risk tier from ");
        (await page.Locator("article[data-kpi] svg.sparkline").CountAsync()).ShouldBeGreaterThan(8, "every measured KPI has a trend");

        var residual = page.Locator("table[data-heatmap='residual']");
        await Assertions.Expect(residual).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table[data-heatmap='inherent']")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Regulatory deadlines" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(390, 844);
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390")).ShouldBeTrue("the dashboard fits 390 px");
        // The open, likely, high risk on credit scoring: its count leads to the system behind it.
        await residual.GetByRole(AriaRole.Link, new() { NameRegex = HighLikely() }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Residual risks: likely likelihood, high impact", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("tr[data-system='credit-scoring']").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CreditScoring());
    }

    [GeneratedRegex("residual risks, likely and high")]
    private static partial Regex HighLikely();

    [GeneratedRegex("/systems/credit-scoring")]
    private static partial Regex CreditScoring();

    [GeneratedRegex("/dashboard\\?tier=low")]
    private static partial Regex TierLow();
}
