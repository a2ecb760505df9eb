using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class NarrativeJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_can_write_the_caveats_of_a_model_card_and_download_the_card_with_them()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/credit-scoring/evidence");
        await page.Locator("#narrative-model-card").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Edit narrative: Model card:");
        await Assertions.Expect(page.Locator("#section-caveats .badge")).ToHaveTextAsync("missing");

        // Too long: refused, the field named, nothing saved.
        await page.Locator("#text-caveats").FillAsync(new string('x', 20_001));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Caveats and recommendations" }).ClickAsync();
        await Assertions.Expect(page.Locator("#text-caveats-error")).ToHaveTextAsync("must be at most 20,000 characters (got 20,001)");

        await page.Locator("#text-caveats").FillAsync("Scores are calibrated for applicants aged 18 to 75 only.\n\n<script>alert('x')</script>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save Caveats and recommendations" }).ClickAsync();

        await Assertions.Expect(page.Locator("#saved")).ToHaveTextAsync("Saved the notes of section caveats.");
        await Assertions.Expect(page.Locator("#section-caveats .badge")).ToHaveTextAsync("filled");
        await Assertions.Expect(page.Locator("#section-caveats")).ToContainTextAsync("version 1");
        await Assertions.Expect(page.Locator("#text-caveats")).ToHaveValueAsync(new Regex("^Scores are calibrated for applicants aged 18 to 75 only."));

        var markdown = await page.Context.APIRequest.GetAsync(await page.Locator("#download-md").GetAttributeAsync("href") ?? "missing-link");
        (await markdown.TextAsync()).ShouldContain("## Caveats and recommendations\n\n**Author's notes**\n\nScores are calibrated for applicants aged 18 to 75 only.");
        await page.Locator("#download-html").ClickAsync();
        var caveats = page.Locator("h2:has-text('Caveats and recommendations') ~ p", new() { HasTextString = "Scores are calibrated" });
        await Assertions.Expect(caveats).ToHaveTextAsync("Scores are calibrated for applicants aged 18 to 75 only.");
        await Assertions.Expect(page.GetByText("<script>alert('x')</script>")).ToBeVisibleAsync();
    }
}
