using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class EvidenceJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task I_can_upload_a_fairness_report_and_see_the_control_become_satisfied_in_the_matrix()
    {
        var page = await browser.NewPageAsync();
        // The demo's resume-screening intake (Annex III.4(a), recruitment; it has no evidence yet) requires ATT-DATA-02 Bias and fairness evaluation.
        await page.GotoAsync("/systems/resume-screening");
        await page.GetByRole(AriaRole.Link, new() { Name = "Evidence", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#evidence-ATT-DATA-02 .badge")).ToHaveTextAsync("missing");

        // A type no control accepts is refused, naming the field.
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "fairness.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("{\"n\": 1}") });
        await page.Locator("#type").FillAsync("horoscope");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("type: no control accepts evidence of type 'horoscope'");

        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "fairness.json", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes("{\"kind\": \"fairness\", \"n\": 1200}") });
        await page.Locator("#type").FillAsync("fairness_report");
        await page.Locator("#controls").FillAsync("ATT-DATA-02");
        await page.Locator("#summary").FillAsync("Approval rates by age band");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/resume-screening/evidence\\?saved=evidence$"));
        await Assertions.Expect(page.Locator("#evidence-ATT-DATA-02 .badge")).ToHaveTextAsync("fresh");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "fairness.json" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#completeness")).ToContainTextAsync("Evidence completeness:");

        await page.GotoAsync("/compliance");
        var row = page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^Résumé screening and shortlisting") });
        await Assertions.Expect(row.Locator("td.cell.satisfied[title*='ATT-DATA-02']")).ToHaveTextAsync("✓");

        await page.GotoAsync("/systems/resume-screening");
        await Assertions.Expect(page.Locator("#evidence-summary")).ToContainTextAsync(new Regex(@"Evidence completeness:\s+\d+%"));
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#evidence-portfolio-section").GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^Résumé screening and shortlisting") })).ToBeVisibleAsync();
    }
}
