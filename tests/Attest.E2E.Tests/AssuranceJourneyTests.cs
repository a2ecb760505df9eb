using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>The governance lead imports the demo customer questionnaire, approves one answer and downloads the filled questionnaire.</summary>
public sealed class AssuranceJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static string DemoFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", "demo", "assurance", "customer-ai-due-diligence.csv");
    }

    [Fact]
    public async Task I_can_import_a_questionnaire_approve_an_answer_and_download_the_filled_questionnaire()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/assurance");
        await page.GetByLabel("AI system it is answered for").SelectOptionAsync("credit-scoring");
        await page.Locator("#file").SetInputFilesAsync(DemoFile());
        await page.GetByRole(AriaRole.Button, new() { Name = "Import and propose answers" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/assurance/qnr_[0-9a-f]+\\?saved=imported$"));
        await Assertions.Expect(page.Locator("#approved-count")).ToHaveTextAsync("0 of 12 answers approved.");
        // At 390 px each question card fits the screen.
        await page.SetViewportSizeAsync(390, 844);
        (await page.Locator("ol.questions").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 390")).ShouldBeTrue("the questions fit 390 px");
        await page.SetViewportSizeAsync(1280, 900);
        var first = page.Locator("ol.questions > li").First;
        await Assertions.Expect(first.Locator("h2")).ToContainTextAsync("AI-01");
        await Assertions.Expect(first.Locator("ul.controls")).ToContainTextAsync("ATT-GOV-01");

        await first.GetByLabel("Answer to AI-01").FillAsync("Yes. Our AI policy is approved by the board and reviewed every year.");
        await first.GetByRole(AriaRole.Button, new() { Name = "Approve answer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved")).ToHaveTextAsync("Answer approved.");
        await Assertions.Expect(page.Locator("#approved-count")).ToHaveTextAsync("1 of 12 answers approved.");
        await Assertions.Expect(page.Locator("ol.questions > li").First.Locator("[data-state]")).ToHaveTextAsync("approved");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-xlsx").ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".xlsx");
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken);
        bytes[..2].ShouldBe("PK"u8.ToArray());
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        rows.Count.ShouldBe(12);
        rows[0]["answer"].ToString().ShouldBe("Yes. Our AI policy is approved by the board and reviewed every year.");
        rows[0]["approved"].ToString().ShouldBe("yes");
    }
}
