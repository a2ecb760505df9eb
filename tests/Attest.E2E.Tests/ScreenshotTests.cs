using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// The home, gate, review, monitoring, incident and KPI dashboard pages as a newcomer first sees them, at desktop width and at 390 px. The test asserts
/// they render and do not scroll sideways on a phone; `bash scripts/screenshots.sh` runs it with
/// ATTEST_SCREENSHOTS=docs/screenshots so the pictures in the docs are regenerated, never edited by hand.
/// </summary>
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Output = Environment.GetEnvironmentVariable("ATTEST_SCREENSHOTS") is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.Combine(Path.GetTempPath(), "attest-screenshots-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Home_gate_review_monitoring_incident_and_dashboard_pages_render_at_desktop_and_phone_width()
    {
        Directory.CreateDirectory(Output);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/reviews");
        var reviewLink = page.Locator("a[href^='/reviews/']").First;
        await Assertions.Expect(reviewLink).ToBeVisibleAsync();
        var review = await reviewLink.GetAttributeAsync("href");
        await page.GotoAsync("/incidents?all=true");
        var incidentLink = page.Locator("#incidents a[href^='/incidents/']").First;
        await Assertions.Expect(incidentLink).ToBeVisibleAsync();
        var incident = await incidentLink.GetAttributeAsync("href");

        var shots = new (string Name, string Path, string Heading)[]
        {
            ("home", "/", "h1"),
            ("gate", "/systems/credit-scoring/gate", "h1"),
            ("review", review!, "h1"),
            ("monitoring", "/systems/marketing-recommender/monitoring", "h1"),
            ("incident", incident!, "h1"),
            ("dashboard", "/dashboard", "h1"),
        };
        foreach (var (name, path, heading) in shots)
        {
            foreach (var (suffix, width, height) in new[] { ("", 1280, 900), ("-390px", 390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync(path);
                await Assertions.Expect(page.Locator(heading).First).ToBeVisibleAsync();
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                overflow.ShouldBeLessThanOrEqualTo(0, $"{path} scrolls sideways at {width} px; too wide: {await WidestAsync(page)}");
                var file = System.IO.Path.Combine(Output, $"{name}{suffix}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
                new FileInfo(file).Length.ShouldBeGreaterThan(5_000);
            }
        }
    }

    /// <summary>The elements that stick out past the right edge (outside any scrolling box), for the failure message.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
          const edge = document.documentElement.clientWidth;
          const inScroller = el => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
          return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > edge + 1 && !inScroller(el))
            .slice(0, 8)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' ' + Math.round(el.getBoundingClientRect().right) + 'px')
            .join(', ');
        }
        """);
}
