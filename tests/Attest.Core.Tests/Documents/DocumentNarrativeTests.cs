using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>Authors' narrative per section of a generated document: stored in revisions, rendered under the generated part.</summary>
public sealed class DocumentNarrativeTests : IAsyncLifetime
{
    private static string Report(double accuracy) => $$"""
        { "kind": "fairness", "input": "/ci/logs/cv-ranker.csv", "n": 1200,
          "overall": { "count": 1200, "accuracy": {{accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture)}} },
          "features": { "sex": { "by_group": { "F": { "count": 600, "accuracy": 0.8 }, "M": { "count": 600, "accuracy": 0.82 } } } } }
        """;

    private const string Caveats = "Not validated for applicants outside the EU.\n\n- Re-evaluate after each retraining.";

    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(datasets: "cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DocumentRef ModelCard = new("model-card", "resume-screening");

    private Task<Result<NarrativeDto>> SaveAsync(DocumentRef document, string section, string? text, int? expected = null) =>
        _db.Get<SaveDocumentNarrative>().ExecuteAsync(document, section, new NarrativeInput { Text = text }, expected, Actors.Dana, Ct);

    private async Task AddFairnessAsync(double accuracy)
    {
        _db.Clock.Advance(TimeSpan.FromMinutes(1)); // evidence ids are time-ordered: the later report is the latest
        (await _db.Get<AddEvidence>().ExecuteAsync("resume-screening", new EvidenceInput { Type = "fairness_report", ModelVersions = ["cv-ranker@1.0.0"], MediaType = "application/json" },
            new MemoryStream(Encoding.UTF8.GetBytes(Report(accuracy))), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    private async Task<GeneratedDocument> ModelCardAsync() => (await _db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", null, Ct)).Value!;

    [Fact]
    public async Task An_authors_caveats_appear_under_their_section_fill_it_and_are_recorded_in_the_ledger()
    {
        (await ModelCardAsync()).Missing.ShouldContain("caveats");

        var saved = await SaveAsync(ModelCard, "caveats", "  " + Caveats.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n\n", expected: 0);

        saved.IsOk.ShouldBeTrue(saved.Message);
        var n = saved.Value!;
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Caveats)));
        (n.Document, n.Section, n.SubjectType, n.Subject, n.Version, n.Text, n.Sha256, n.Source, n.UpdatedBy)
            .ShouldBe(("model_card", "caveats", "model_version", "cv-ranker@1.0.0", 1, Caveats, sha, "author", "user:dana"));
        var card = await ModelCardAsync();
        card.Missing.ShouldNotContain("caveats");
        card.ToMarkdown().ShouldContain("## Caveats and recommendations\n\n**Author's notes**\n\nNot validated for applicants outside the EU.\n\n- Re-evaluate after each retraining.\n\n---");
        await using var ctx = _db.NewContext();
        var entry = await ctx.Ledger.Where(l => l.Action == "document.narrative_saved").SingleAsync(Ct);
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        (payload["document"]!.GetValue<string>(), payload["section"]!.GetValue<string>(), payload["version"]!.GetValue<int>(), payload["sha256"]!.GetValue<string>())
            .ShouldBe(("model_card", "caveats", 1, sha));
        entry.Subject.ShouldStartWith("system:sys_");
        var history = (await _db.Get<Attest.Core.Features.Ledger.GetRecentHistory>().ExecuteAsync(1, Ct)).Single();
        history.Summary.ShouldBe("saved version 1 of the author's notes on section caveats of the model card of cv-ranker@1.0.0 (Résumé screening assistant)");
    }

    [Fact]
    public async Task Each_save_is_a_new_revision_and_a_save_over_a_stale_version_is_refused()
    {
        (await SaveAsync(ModelCard, "caveats", "First draft.", expected: 0)).Value!.Version.ShouldBe(1);
        (await SaveAsync(ModelCard, "caveats", "Second draft.", expected: 1)).Value!.Version.ShouldBe(2);

        var stale = await SaveAsync(ModelCard, "caveats", "Overwrites the second draft.", expected: 1);

        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);
        stale.Message.ShouldBe("Section 'caveats' of the model-card of cv-ranker@1.0.0 is at version 2, not 1: someone saved it since you read it; reload and merge.");
        await using var ctx = _db.NewContext();
        (await ctx.DocumentNarratives.OrderBy(r => r.Revision).Select(r => r.Text).ToListAsync(Ct)).ShouldBe(["First draft.", "Second draft."]);
        (await ctx.Ledger.CountAsync(l => l.Action == "document.narrative_saved", Ct)).ShouldBe(2);
        var view = (await _db.Get<GetDocumentSections>().ExecuteAsync(ModelCard, Ct)).Value!;
        var caveats = view.Sections.Single(s => s.Id == "caveats");
        (caveats.Narrative, caveats.Version, caveats.Filled, caveats.GeneratedFilled, caveats.NarrativeFills).ShouldBe(("Second draft.", 2, true, false, true));
        // An empty text removes the narrative (as revision 3); the section is missing again.
        (await SaveAsync(ModelCard, "caveats", "", expected: 2)).Value!.Version.ShouldBe(3);
        (await ModelCardAsync()).Missing.ShouldContain("caveats");
    }

    [Fact]
    public async Task The_generated_numbers_stay_in_sync_with_evidence_while_the_narrative_stays_under_its_section()
    {
        await AddFairnessAsync(0.81);
        (await SaveAsync(ModelCard, "metrics", "Accuracy is the share of shortlisting decisions a recruiter confirmed.")).IsOk.ShouldBeTrue();
        (await ModelCardAsync()).ToMarkdown().ShouldContain("## Metrics\n\nOverall: accuracy 0.81 on n = 1200");

        await AddFairnessAsync(0.9);

        var md = (await ModelCardAsync()).ToMarkdown();
        md.ShouldContain("## Metrics\n\nOverall: accuracy 0.9 on n = 1200 (fairness report `ev_");
        md.ShouldNotContain("accuracy 0.81");
        md.ShouldContain("**Author's notes**\n\nAccuracy is the share of shortlisting decisions a recruiter confirmed.\n\n## Evaluation data");
        await using var ctx = _db.NewContext();
        (await ctx.DocumentNarratives.SingleAsync(Ct)).Text.ShouldNotContain("0.8");
    }

    [Fact]
    public async Task Narrative_does_not_fill_a_section_whose_numbers_must_come_from_evidence()
    {
        (await SaveAsync(ModelCard, "metrics", "We will report accuracy.")).IsOk.ShouldBeTrue();

        var card = await ModelCardAsync();

        card.Missing.ShouldContain("metrics");
        card.ToMarkdown().ShouldContain("## Metrics\n\n_Missing: performance measures: store a fairness report (attest evaluate fairness --system)._\n\n**Author's notes**\n\nWe will report accuracy.\n\n");
    }

    [Fact]
    public async Task Narrative_cannot_inject_HTML_scripts_or_external_images_into_the_HTML_document()
    {
        (await SaveAsync(ModelCard, "caveats", "<script>alert(1)</script>\n\n# Known gaps\n\n[click](javascript:alert(1)) <javascript:alert(2)> ![pixel](https://tracker.example/p.png) [docs](https://docs.example/cv)")).IsOk.ShouldBeTrue();

        var html = (await ModelCardAsync()).ToHtml();

        html.ShouldNotContain("<script");
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("javascript:");
        html.ShouldNotContain("<img");
        html.ShouldContain("<a href=\"https://tracker.example/p.png\">pixel</a>");
        html.ShouldContain("<a href=\"https://docs.example/cv\">docs</a>");
        html.ShouldContain("<h4>Known gaps</h4>");
    }

    [Fact]
    public async Task Bad_narrative_requests_are_refused_naming_what_is_wrong()
    {
        (await SaveAsync(ModelCard, "caveats", new string('x', 20_001))).Errors["text"].ShouldBe(["must be at most 20,000 characters (got 20,001)"]);
        (await SaveAsync(ModelCard, "caveats", null)).Errors["text"].ShouldBe(["is required (an empty text removes the narrative)"]);
        var section = await SaveAsync(ModelCard, "limitations", "x");
        section.Kind.ShouldBe(ResultKind.NotFound);
        section.Message.ShouldBe("The model-card has no section 'limitations': one of model_details, intended_use, factors, metrics, evaluation_data, training_data, quantitative_analyses, ethical_considerations, caveats.");
        var kind = await SaveAsync(ModelCard with { Kind = "press-release" }, "caveats", "x");
        (kind.Kind, kind.Message).ShouldBe((ResultKind.NotFound, "No document 'press-release' for a system: one of model-card, system-card, annex-iv."));
        (await SaveAsync(ModelCard with { Kind = "datasheet" }, "motivation", "x")).Kind.ShouldBe(ResultKind.NotFound);
        (await SaveAsync(ModelCard with { ModelVersion = "cv-ranker@9" }, "caveats", "x")).Errors["model_version"].ShouldBe(["system 'resume-screening' has no model version 'cv-ranker@9'"]);
        await using var ctx = _db.NewContext();
        (await ctx.DocumentNarratives.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_datasheet_and_the_Annex_IV_outline_take_narrative_for_the_sections_people_write()
    {
        (await SaveAsync(new DocumentRef("datasheet", "cv-archive", OfDataset: true), "motivation", "Collected to train the CV ranker.")).IsOk.ShouldBeTrue();
        (await SaveAsync(new DocumentRef("annex-iv", "resume-screening"), "standards", "ISO/IEC 42001:2023; ISO/IEC 23894:2023.")).IsOk.ShouldBeTrue();

        var sheet = (await _db.Get<GenerateDatasheet>().ExecuteAsync("cv-archive", Ct)).Value!;
        var outline = (await _db.Get<GenerateAnnexIvOutline>().ExecuteAsync("resume-screening", Ct)).Value!;

        sheet.Missing.ShouldBe(["collection", "preprocessing", "maintenance"]);
        sheet.ToMarkdown().ShouldContain("## Motivation\n\n**Author's notes**\n\nCollected to train the CV ranker.\n\n## Composition");
        outline.Missing.ShouldNotContain("standards");
        outline.ToMarkdown().ShouldContain("ISO/IEC 42001:2023; ISO/IEC 23894:2023.");
        await using var ctx = _db.NewContext();
        (await ctx.Ledger.Where(l => l.Action == "document.narrative_saved").Select(l => l.Subject).ToListAsync(Ct)).ShouldSatisfyAllConditions(
            s => s[0].ShouldStartWith("dataset:ds_"), s => s[1].ShouldStartWith("system:sys_"));
    }

    [Fact]
    public async Task The_section_catalog_matches_what_each_generator_produces()
    {
        var generated = new Dictionary<string, IReadOnlyList<string>>
        {
            ["model_card"] = (await ModelCardAsync()).Sections.Select(s => s.Id).ToArray(),
            ["system_card"] = (await _db.Get<GenerateSystemCard>().ExecuteAsync("resume-screening", Ct)).Value!.Sections.Select(s => s.Id).ToArray(),
            ["annex_iv"] = (await _db.Get<GenerateAnnexIvOutline>().ExecuteAsync("resume-screening", Ct)).Value!.Sections.Select(s => s.Id).ToArray(),
            ["datasheet"] = (await _db.Get<GenerateDatasheet>().ExecuteAsync("cv-archive", Ct)).Value!.Sections.Select(s => s.Id).ToArray(),
        };

        foreach (var kind in DocumentKind.All) generated[kind.Id].ShouldBe(kind.Sections, kind.Id);
    }
}
