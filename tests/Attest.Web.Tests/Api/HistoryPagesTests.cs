using System.Net;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>The history and ledger pages, rendered by the server for the demo portfolio.</summary>
public sealed class HistoryPagesTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_systems_page_links_to_its_history_which_reads_as_sentences()
    {
        using var client = app.Factory.CreateClient();
        var detail = await client.GetStringAsync("/systems/credit-scoring", Ct);
        detail.ShouldContain("href=\"/systems/credit-scoring/history\"");

        var history = await client.GetAsync("/systems/credit-scoring/history", Ct);
        history.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = WebUtility.HtmlDecode(await history.Content.ReadAsStringAsync(Ct));
        html.ShouldContain("<h1>History of ");
        // The demo is seeded by Attest itself (actor system:attest).
        html.ShouldContain("Attest registered AI system ");
        html.ShouldContain("Attest registered model version ");

        WebUtility.HtmlDecode(await client.GetStringAsync("/systems/no-such-system/history", Ct)).ShouldContain("No AI system 'no-such-system'.");
    }

    [Fact]
    public async Task A_datasets_page_links_to_its_history()
    {
        using var client = app.Factory.CreateClient();
        (await client.GetStringAsync("/datasets/credit-applications-raw", Ct)).ShouldContain("href=\"/datasets/credit-applications-raw/history\"");
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/datasets/credit-applications-raw/history", Ct));
        html.ShouldContain("Attest registered dataset ");
    }

    [Fact]
    public async Task The_ledger_page_shows_the_latest_checkpoint_and_recent_entries()
    {
        using var client = app.Factory.CreateClient();
        (await client.PostAsync("/api/v1/ledger/checkpoints", null, Ct)).IsSuccessStatusCode.ShouldBeTrue();
        var latest = await (await client.GetAsync("/api/v1/ledger/checkpoints/latest", Ct)).ReadAsync();

        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/ledger", Ct));

        html.ShouldContain("Latest signed checkpoint");
        html.ShouldContain($"<dd>{latest["tree_size"]} entries</dd>");
        html.ShouldContain(latest["root_hash"]!.GetValue<string>());
        html.ShouldContain(latest["key_id"]!.GetValue<string>());
        html.ShouldContain("signed a ledger checkpoint over ");
        html.ShouldContain("href=\"/ledger\"");
    }
}
