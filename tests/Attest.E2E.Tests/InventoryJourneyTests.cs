using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class InventoryJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_can_open_the_portfolio_and_drill_down_to_a_system_page()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "AI portfolio" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "By lifecycle stage" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "deployed", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/systems\\?stage=deployed$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Consumer credit scoring" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consumer credit scoring", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Model versions (3)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Lineage" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("credit-pd-gbm@3.1.0").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task I_can_register_a_system_and_am_told_exactly_what_to_fix_first()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/new");

        await page.GetByLabel("Name").FillAsync("Claims triage");
        await page.GetByLabel("Slug").FillAsync("Claims Triage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(summary).ToContainTextAsync("Please correct the highlighted fields.");
        await Assertions.Expect(summary).ToContainTextAsync("slug");
        await Assertions.Expect(summary).ToContainTextAsync("business owner");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Claims triage");

        await page.GetByLabel("Slug").FillAsync("claims-triage");
        await page.GetByLabel("Purpose").FillAsync("Routes incoming insurance claims to the right handler team.");
        await page.GetByLabel("Business owner").FillAsync("Ana Souza");
        await page.GetByLabel("Technical owner").FillAsync("Tom Weber");
        await page.GetByLabel("Business unit").FillAsync("Claims");
        await page.GetByLabel("Jurisdictions").FillAsync("EU, DE");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/systems/claims-triage\\?saved=registered$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Claims triage", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("EU, DE")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_skip_link_is_the_first_stop_for_keyboard_users()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems");

        await page.Keyboard.PressAsync("Tab");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
    }
}
