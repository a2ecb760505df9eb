using System.Text;
using Attest.Core.Features.Reports;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using UglyToad.PdfPig;

namespace Attest.Core.Tests.Reports;

/// <summary>The demo portfolio, seeded once over real SQLite (the clock at 2026-03-01 09:00 UTC), for the executive report.</summary>
public sealed class DemoPortfolioFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Db = await TestDatabase.CreateAsync();
        await Db.Get<Attest.Core.Demo.SeedDemoPortfolio>().ExecuteAsync(Attest.Core.Demo.SeedDemoPortfolio.DefaultFile, CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await Db.DisposeAsync();
}

/// <summary>
/// The executive report over the demo's last six months: what it says (Markdown), the PDF printed by headless Chromium
/// and read back with PdfPig, and the refusals (a bad period, no browser).
/// </summary>
public sealed class ExecutiveReportTests(DemoPortfolioFixture demo) : IClassFixture<DemoPortfolioFixture>
{
    private static readonly ExecutiveReportQuery SixMonths = new("2025-09-01", "2026-03-01");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Squash(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    [Fact]
    public async Task The_report_covers_kpis_posture_risks_incidents_decisions_changes_and_the_matrix()
    {
        var result = await demo.Db.Get<GetExecutiveReport>().ExecuteAsync(SixMonths, ReadScope.Everything, Ct);

        result.IsOk.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Key + ": " + e.Value[0])));
        var report = result.Value!;
        report.Kpis.Single(k => k.Kpi.Id == "training_completion").Kpi.Value.ShouldBe(66.7, "6 of the demo's 9 people with required courses completed them");
        report.Posture.Select(p => p.Tier).ShouldBe(GetExecutiveReport.Tiers);
        report.Posture.Sum(p => p.Systems).ShouldBe(report.Matrix.Count);
        report.TopRisks.ShouldNotBeEmpty();
        report.TopRisks.ShouldAllBe(r => r.Owner.Length > 0);
        report.TopRisks.Select(r => r.Severity).ShouldBeInOrder(SortDirection.Descending);
        report.Decisions.ShouldNotBeEmpty("the demo's board decided in the last six months");

        var md = ExecutiveReportDocument.ToMarkdown(report);
        foreach (var section in ExecutiveReportDocument.Sections)
            md.ShouldContain("## " + section);
        md.ShouldContain("| Required training completed | 66.7 % | ≥ 100 % | not met |");
        md.ShouldContain("Consumer credit scoring");
    }

    [Fact]
    public async Task The_pdf_is_printed_by_chromium_and_its_text_reads_back()
    {
        var outcome = await demo.Db.Get<ExportExecutiveReport>().ExecuteAsync(SixMonths, "pdf", ReadScope.Everything, Ct);

        outcome.Unavailable.ShouldBeNull();
        outcome.Result.IsOk.ShouldBeTrue(outcome.Result.Message);
        var file = outcome.Result.Value!;
        (file.MediaType, file.FileName).ShouldBe(("application/pdf", "attest-executive-report-2025-09-01-to-2026-03-01.pdf"));
        Encoding.ASCII.GetString(file.Content, 0, 5).ShouldBe("%PDF-");
        using var pdf = PdfDocument.Open(file.Content);
        pdf.NumberOfPages.ShouldBeGreaterThan(1);
        var text = Squash(string.Join(" ", pdf.GetPages().Select(p => p.Text)));
        text.ShouldContain(Squash(ExecutiveReportDocument.Title));
        foreach (var section in ExecutiveReportDocument.Sections)
            text.ShouldContain(Squash(section));
        text.ShouldContain(Squash("Required training completed"));
        text.ShouldContain(Squash("Consumer credit scoring"));
        text.ShouldContain(Squash("Period 2025-09-01 to 2026-03-01"));
    }

    [Fact]
    public async Task The_html_carries_its_charts_as_inline_svg()
    {
        var outcome = await demo.Db.Get<ExportExecutiveReport>().ExecuteAsync(SixMonths, "html", ReadScope.Everything, Ct);

        var html = Encoding.UTF8.GetString(outcome.Result.Value!.Content);
        html.ShouldStartWith("<!DOCTYPE html>");
        System.Text.RegularExpressions.Regex.Count(html, "<svg").ShouldBe(2, "the KPI chart and the tier chart");
        html.ShouldNotContain("<script");
    }

    [Theory]
    [InlineData("2026-13-01", null, "from", "is not a day")]
    [InlineData(null, "2026-03-02", "to", "in the future")]
    [InlineData("2026-02-01", "2026-01-01", "from", "is after to")]
    public async Task A_bad_period_is_refused_naming_the_field(string? from, string? to, string field, string problem)
    {
        var result = await demo.Db.Get<GetExecutiveReport>().ExecuteAsync(new ExecutiveReportQuery(from, to), ReadScope.Everything, Ct);

        result.Errors[field][0].ShouldContain(problem);
        (await demo.Db.Get<ExportExecutiveReport>().ExecuteAsync(SixMonths, "docx", ReadScope.Everything, Ct)).Result.Errors["format"][0].ShouldContain("expected html, pdf or md");
    }

    [Fact]
    public async Task Without_chromium_the_pdf_is_unavailable_and_says_why()
    {
        var useCase = new ExportExecutiveReport(demo.Db.Get<GetExecutiveReport>(), new ChromiumPdf(new ReportSettings("/nonexistent/chromium", TimeSpan.FromSeconds(5))));

        var outcome = await useCase.ExecuteAsync(SixMonths, "pdf", ReadScope.Everything, Ct);

        outcome.Unavailable.ShouldNotBeNull().ShouldContain("no Chromium at /nonexistent/chromium");
        (await useCase.ExecuteAsync(SixMonths, "md", ReadScope.Everything, Ct)).Result.IsOk.ShouldBeTrue("Markdown needs no browser");
    }
}
