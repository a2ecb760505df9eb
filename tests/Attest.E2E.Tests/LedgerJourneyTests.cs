using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class LedgerJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_can_go_from_a_system_to_its_history_and_on_to_the_ledger_and_its_checkpoint()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/credit-scoring");

        await page.GetByRole(AriaRole.Link, new() { Name = "History", Exact = true }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/systems/credit-scoring/history$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History of Consumer credit scoring", Level = 1 })).ToBeVisibleAsync();
        // The demo portfolio is seeded by Attest itself; the wording comes from data/ledger/history-phrases.json.
        await Assertions.Expect(page.GetByText("Attest registered AI system Consumer credit scoring")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Attest registered model version credit-pd-gbm@3.1.0 of Consumer credit scoring")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Ledger and checkpoints" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ledger", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Latest signed checkpoint" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Entries", Exact = true })).ToBeVisibleAsync();
    }
}
