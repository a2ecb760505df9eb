using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class RedTeamJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_can_read_a_red_team_report_from_the_systems_evidence_page()
    {
        var page = await browser.NewPageAsync();
        // The demo stores `attest redteam run` reports: the support chatbot follows 32 of 200 injected requests.
        await page.GotoAsync("/systems/support-chatbot/evidence");
        var section = page.Locator("section[aria-labelledby=red-team]");
        await Assertions.Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Red-team reports" })).ToBeVisibleAsync();
        await Assertions.Expect(section.Locator("svg[aria-label^='pass rate by OWASP category']")).ToBeVisibleAsync();
        var row = section.Locator("#red-team-reports tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("ask-northwind@2.3.0");
        await Assertions.Expect(row).ToContainTextAsync("84%");
        await Assertions.Expect(row).ToContainTextAsync("32 of 200");

        await row.GetByRole(AriaRole.Link, new() { Name = "View report" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/support-chatbot/evidence/ev_[0-9a-f]+/red-team$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Red-team report", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("Content warning");
        await Assertions.Expect(page.Locator("#rt-pass-rate")).ToContainTextAsync("Pass rate 84%");
        await Assertions.Expect(page.Locator("#rt-by-owasp")).ToContainTextAsync("LLM01 Prompt Injection");
        await Assertions.Expect(page.Locator("#rt-by-strategy")).ToContainTextAsync("injection");
        await Assertions.Expect(page.Locator("#rt-agreement")).ToContainTextAsync("JailbreakBench judge");
        await Assertions.Expect(page.Locator("#rt-failures li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#rt-failures li").First).ToContainTextAsync("~injection");

        // At phone width the page stays usable: the report scrolls inside its own box.
        await page.SetViewportSizeAsync(390, 800);
        await Assertions.Expect(page.Locator("#rt-pass-rate")).ToBeVisibleAsync();
    }
}
