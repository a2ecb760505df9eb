using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// axe-core (Deque's rules, WCAG 2.1 A and AA) over the main pages of the demo, signed in as the governance lead:
/// no serious or critical violation. docs/accessibility.md lists what axe cannot check and how it was checked by hand.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string> MainPages => new()
    {
        "/", "/me/work", "/systems", "/systems/credit-scoring", "/systems/credit-scoring/gate", "/systems/credit-scoring/controls",
        "/systems/credit-scoring/evidence", "/systems/credit-scoring/risks", "/systems/credit-scoring/decisions", "/datasets", "/compliance",
        "/reviews", "/oversight", "/waivers", "/ledger", "/systems/new",
        "/systems/marketing-recommender/monitoring", "/alerts?state=resolved", "/incidents?all=true", "/dashboard", "/assurance",
    };

    [Fact]
    public async Task The_audit_itself_catches_a_serious_violation()
    {
        // Guards the guard: a page with an unlabelled button and low-contrast text must fail the same check.
        var page = await browser.NewPageAsync(signInAs: null);
        await page.SetContentAsync("<html lang=en><title>t</title><main><h1>t</h1><button></button><p style='color:#ccc;background:#fff'>faint</p></main></html>");
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa"] } });
        results.Violations.Select(v => v.Id).ShouldContain("button-name");
        results.Violations.Select(v => v.Id).ShouldContain("color-contrast");
    }

    [Theory]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_has_no_serious_accessibility_violation(string path)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();

        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        serious.ShouldBeEmpty(string.Join("\n", serious.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Target.ToString()))}")));
    }
}
