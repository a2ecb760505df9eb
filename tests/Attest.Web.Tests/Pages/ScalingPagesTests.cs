using System.Net;
using System.Text.RegularExpressions;
using Attest.Core.Data;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Pages;

/// <summary>The ledger and compliance pages narrowed and paged, so they stay useful on a large portfolio.</summary>
public sealed partial class ScalingPagesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_ledger_page_pages_newest_first_without_gaps_or_overlaps()
    {
        using var client = app.Factory.CreateClient();
        var first = await client.GetStringAsync("/ledger", Ct);
        var firstSeqs = Seqs(first);
        firstSeqs.Count.ShouldBe(50);
        firstSeqs.ShouldBe(firstSeqs.OrderByDescending(s => s).ToList());
        var older = OlderLink().Match(first);
        older.Success.ShouldBeTrue("a demo ledger has more than one page");

        var second = await client.GetStringAsync(WebUtility.HtmlDecode(older.Groups[1].Value), Ct);
        var secondSeqs = Seqs(second);
        secondSeqs[0].ShouldBe(firstSeqs[^1] - 1, "the next page starts right after the last entry shown");
        second.ShouldContain("Newest entries");
    }

    [Fact]
    public async Task The_ledger_page_filters_by_action_family_actor_system_day_and_words()
    {
        using var client = app.Factory.CreateClient();
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
        var reviewSeqs = await db.Ledger.Where(e => e.Action.StartsWith("review.")).OrderByDescending(e => e.Seq).Select(e => e.Seq).Take(50).ToListAsync(Ct);
        reviewSeqs.ShouldNotBeEmpty();

        var reviews = await client.GetStringAsync("/ledger?action=review", Ct);
        Seqs(reviews).ShouldBe(reviewSeqs);
        reviews.ShouldContain("<option value=\"review.decided\">");

        var decided = await db.Ledger.Where(e => e.Action == "review.decided").OrderByDescending(e => e.Seq).Select(e => e.Seq).Take(50).ToListAsync(Ct);
        Seqs(await client.GetStringAsync("/ledger?action=review.decided", Ct)).ShouldBe(decided);

        var system = await db.Systems.SingleAsync(s => s.Slug == "credit-scoring", Ct);
        var ofSystem = await db.Ledger.Where(e => e.Subject == "system:" + system.Id).OrderByDescending(e => e.Seq).Select(e => e.Seq).Take(50).ToListAsync(Ct);
        Seqs(await client.GetStringAsync("/ledger?system=credit-scoring", Ct)).ShouldBe(ofSystem);

        var actor = await db.Ledger.Where(e => e.Actor.StartsWith("user:")).Select(e => e.Actor).FirstAsync(Ct);
        var byActor = await db.Ledger.Where(e => e.Actor == actor).OrderByDescending(e => e.Seq).Select(e => e.Seq).Take(50).ToListAsync(Ct);
        Seqs(await client.GetStringAsync("/ledger?actor=" + Uri.EscapeDataString(actor), Ct)).ShouldBe(byActor);

        // Days are inclusive, in UTC; a day before the ledger began matches nothing.
        Seqs(await client.GetStringAsync("/ledger?to=2000-01-01", Ct)).ShouldBeEmpty();
        var lastDay = (await db.Ledger.OrderByDescending(e => e.Seq).FirstAsync(Ct)).Time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Seqs(await client.GetStringAsync($"/ledger?from={lastDay}&to={lastDay}", Ct)).ShouldNotBeEmpty();

        var words = await client.GetStringAsync("/ledger?q=CONDITIONAL_GO", Ct);
        var matching = Seqs(words);
        matching.ShouldNotBeEmpty("the demo has conditional go decisions");
        foreach (var seq in matching)
            (await db.Ledger.SingleAsync(e => e.Seq == seq, Ct)).PayloadJson.ShouldContain("conditional_go", Case.Insensitive);
    }

    [Fact]
    public async Task A_ledger_filter_that_is_not_a_date_is_named_and_ignored_never_a_server_error()
    {
        using var client = app.Factory.CreateClient();
        var response = await client.GetAsync("/ledger?from=yesterday&q=" + new string('x', 5000), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("From: 'yesterday' is not a date (YYYY-MM-DD); it was ignored.");
        html.ShouldContain("No entry matches these filters.");
    }

    [Fact]
    public async Task The_compliance_matrix_narrows_to_a_framework_and_a_status_on_the_page_and_in_the_API()
    {
        using var client = app.Factory.CreateClient();
        var all = await (await client.GetAsync("/api/v1/compliance-matrix", Ct)).ReadAsync();
        var nist = await (await client.GetAsync("/api/v1/compliance-matrix?framework=nist-ai-rmf", Ct)).ReadAsync();
        var nistControls = nist["controls"]!.AsArray();
        nistControls.Count.ShouldBeGreaterThan(0);
        nistControls.Count.ShouldBeLessThan(all["controls"]!.AsArray().Count);
        foreach (var c in nistControls)
            c!["requirements"]!.AsArray().ShouldContain(r => r!.GetValue<string>().StartsWith("nist-ai-rmf:", StringComparison.Ordinal));

        var stale = await (await client.GetAsync("/api/v1/compliance-matrix?status=satisfied", Ct)).ReadAsync();
        foreach (var s in stale["systems"]!.AsArray())
            s!["statuses"]!.AsObject().ShouldContain(kv => kv.Value!.GetValue<string>() == "satisfied");

        var bad = await client.GetAsync("/api/v1/compliance-matrix?framework=sox", Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadAsync())["errors"]!["framework"]![0]!.GetValue<string>().ShouldStartWith("unknown framework 'sox'; expected one of ");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/compliance?framework=nist-ai-rmf&view=heat", Ct));
        page.ShouldContain("class=\"matrix heat\"");
        page.ShouldContain($"× {nistControls.Count} controls");
        var badPage = WebUtility.HtmlDecode(await client.GetStringAsync("/compliance?status=great", Ct));
        badPage.ShouldContain("status: unknown status 'great'");
    }

    private static List<long> Seqs(string html) =>
        SeqPattern().Matches(WebUtility.HtmlDecode(html)).Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex("<span class=\"muted mono\">#(\\d+) · ")]
    private static partial Regex SeqPattern();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">Older entries")]
    private static partial Regex OlderLink();
}
