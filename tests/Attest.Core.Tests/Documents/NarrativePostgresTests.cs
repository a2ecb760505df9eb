using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>Narrative revisions and the Hugging Face import on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NarrativePostgresTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Narrative_revisions_and_an_imported_card_are_stored_on_PostgreSQL()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        db.Settings.Provider.ShouldBe(DatabaseProvider.Postgres);
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var card = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "HuggingFace", "distilbert-imdb-sentiment.md"), Ct);

        var imported = await db.Get<ImportHuggingFaceModelCard>().ExecuteAsync("resume-screening", "cv-ranker@1.0.0", card, "README.md", Actors.Dana, Ct);
        var saved = await db.Get<SaveDocumentNarrative>().ExecuteAsync(new DocumentRef("model-card", "resume-screening"), "caveats",
            new NarrativeInput { Text = "Reviewed by the fairness board." }, 1, Actors.Dana, Ct);
        var stale = await db.Get<SaveDocumentNarrative>().ExecuteAsync(new DocumentRef("model-card", "resume-screening"), "caveats",
            new NarrativeInput { Text = "x" }, 1, Actors.Dana, Ct);

        imported.IsOk.ShouldBeTrue(imported.Message);
        saved.Value!.Version.ShouldBe(2);
        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);
        await using var ctx = db.NewContext();
        (await ctx.ModelVersions.SingleAsync(Ct)).License.ShouldBe("apache-2.0");
        (await ctx.DocumentNarratives.Where(n => n.SectionId == "caveats").OrderBy(n => n.Revision).Select(n => n.Source).ToListAsync(Ct))
            .ShouldBe(["hugging_face_import", "author"]);
        var md = (await db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", null, Ct)).Value!.ToMarkdown();
        md.ShouldContain("**Author's notes**\n\nReviewed by the fairness board.");
    }

    [Fact]
    public async Task Concurrent_saves_over_the_same_version_leave_one_revision_and_refuse_the_others()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => db.Get<SaveDocumentNarrative>().ExecuteAsync(
            new DocumentRef("annex-iv", "resume-screening"), "standards", new NarrativeInput { Text = $"draft {i}" }, 0, Actors.Dana, Ct)));

        results.Count(r => r.IsOk).ShouldBe(1);
        results.Count(r => r.Kind == ResultKind.PreconditionFailed).ShouldBe(5);
        await using var ctx = db.NewContext();
        (await ctx.DocumentNarratives.CountAsync(Ct), await ctx.Ledger.CountAsync(l => l.Action == "document.narrative_saved", Ct)).ShouldBe((1, 1));
    }
}
