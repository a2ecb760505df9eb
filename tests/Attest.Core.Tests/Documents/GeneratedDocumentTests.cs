using System.Text;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Attest.Core.Tests.Documents;

/// <summary>Model and system cards generated from the inventory, the classification and stored evidence.</summary>
public sealed class GeneratedDocumentTests : IAsyncLifetime
{
    // The shape of `attest evaluate fairness --format json` (docs/evaluation.md), with round numbers to quote.
    private const string FairnessReport = """
        { "kind": "fairness", "input": "/ci/logs/cv-ranker-2026-02.csv", "n": 1200,
          "overall": { "count": 1200, "accuracy": 0.81, "selection_rate": 0.4, "f1": 0.7 },
          "overall_ci": { "accuracy": [0.79, 0.83] },
          "features": { "sex": {
            "by_group": {
              "F": { "count": 600, "accuracy": 0.8, "selection_rate": 0.35, "ci": { "accuracy": [0.77, 0.83] } },
              "M": { "count": 600, "accuracy": 0.82, "selection_rate": 0.45, "ci": { "accuracy": [0.79, 0.85] } } },
            "disparities": { "demographic_parity_ratio": 0.7778, "equalized_odds_difference": 0.05 } } } }
        """;

    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SaveDataset>().RegisterAsync(Inputs.Dataset("cv-archive"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(datasets: "cv-archive") with { License = "Apache-2.0" }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AddFairnessAsync() =>
        (await _db.Get<AddEvidence>().ExecuteAsync("resume-screening", new EvidenceInput { Type = "fairness_report", ModelVersions = ["cv-ranker@1.0.0"], MediaType = "application/json" },
            new MemoryStream(Encoding.UTF8.GetBytes(FairnessReport)), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

    [Fact]
    public async Task Markdown_documents_escape_HTML_and_links_from_record_fields()
    {
        var hostile = Inputs.System("hostile-card") with
        {
            Name = "<script>alert(1)</script> Scorer",
            Purpose = "<iframe src=\"https://evil.example\"></iframe> [win](javascript:alert(1))",
            BusinessOwner = "<img src=x onerror=alert(1)>",
        };
        (await _db.Get<RegisterSystem>().ExecuteAsync(hostile, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("hostile-card", Inputs.Model("scorer"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var markdown = (await _db.Get<GenerateModelCard>().ExecuteAsync("hostile-card", null, Ct)).Value!.ToMarkdown()
            + (await _db.Get<GenerateSystemCard>().ExecuteAsync("hostile-card", Ct)).Value!.ToMarkdown();

        markdown.ShouldNotContain("<script");
        markdown.ShouldNotContain("<iframe");
        markdown.ShouldNotContain("<img");
        markdown.ShouldContain("\\[win\\](javascript:alert(1))"); // escaped: shown as text, never a link
        markdown.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt; Scorer");
        var rendered = Markdig.Markdown.ToHtml(markdown); // as a viewer that allows HTML would show it
        rendered.ShouldNotContain("<script");
        rendered.ShouldNotContain("href=\"javascript:");
    }

    [Fact]
    public async Task A_model_card_quotes_the_stored_fairness_report_in_its_Hugging_Face_model_index_and_tables()
    {
        await AddFairnessAsync();

        var card = (await _db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", null, Ct)).Value!;
        var md = card.ToMarkdown();

        // 8 of 9 sections: only the authors' caveats are missing.
        card.Missing.ShouldBe(["caveats"]);
        card.Completeness.ShouldBe(Math.Round(8 / 9.0, 4));
        md.ShouldStartWith("---\n");
        var yaml = new YamlStream();
        yaml.Load(new StringReader(md[4..md.IndexOf("\n---\n", StringComparison.Ordinal)]));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        root["license"].ToString().ShouldBe("apache-2.0");
        var result = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)root["model-index"])[0])["results"])[0];
        var metrics = ((YamlSequenceNode)result["metrics"]).Cast<YamlMappingNode>().ToDictionary(m => m["type"].ToString(), m => m["value"].ToString());
        metrics["accuracy"].ShouldBe("0.81");
        metrics["demographic_parity_ratio"].ShouldBe("0.7778");
        ((YamlMappingNode)result["dataset"])["name"].ToString().ShouldBe("cv-ranker-2026-02.csv");
        md.ShouldContain("| F | 600 | 0.8 [0.77, 0.83] | 0.35 |");
        md.ShouldContain("Overall: accuracy 0.81, f1 0.7, selection_rate 0.4 on n = 1200");
        md.ShouldContain("- cv archive (`cv-archive`), source: HR system export");
        md.ShouldContain("## Caveats and recommendations\n\n_Missing: ");
        var html = card.ToHtml();
        html.ShouldContain("<h1>Model card: cv-ranker@1.0.0</h1>");
        html.ShouldContain("<td>0.8 [0.77, 0.83]</td>");
        html.ShouldNotContain("model-index");
    }

    [Fact]
    public async Task Without_evaluation_evidence_the_model_card_lists_what_is_missing()
    {
        var card = (await _db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", "cv-ranker@1.0.0", Ct)).Value!;

        card.Missing.ShouldBe(["factors", "metrics", "evaluation_data", "quantitative_analyses", "caveats"]);
        card.ToMarkdown().ShouldContain("model-index:\n  - name: \"cv-ranker@1.0.0\"\n    results: []\n");
        (await _db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", "cv-ranker@9", Ct)).Errors["model_version"]
            .ShouldBe(["system 'resume-screening' has no model version 'cv-ranker@9'"]);
    }

    [Fact]
    public async Task A_system_card_shows_classification_and_each_required_control_with_its_evidence()
    {
        await AddFairnessAsync();

        var card = (await _db.Get<GenerateSystemCard>().ExecuteAsync("resume-screening", Ct)).Value!;
        var md = card.ToMarkdown();

        // No deployments, no oversight design, no monitoring evidence yet.
        card.Missing.ShouldBe(["deployments", "human_oversight", "monitoring"]);
        md.ShouldContain("EU AI Act class: **high risk**");
        md.ShouldContain("| ATT-DATA-02 Bias and fairness evaluation | fresh | 2027-03-01 |");
        md.ShouldContain("- `cv-ranker@1.0.0` — predictive, in_house, licence Apache-2.0");
    }

    [Fact]
    public async Task A_datasheet_follows_the_Gebru_sections_and_names_what_is_missing()
    {
        var sheet = (await _db.Get<GenerateDatasheet>().ExecuteAsync("cv-archive", ReadScope.Everything, Ct)).Value!;
        var md = sheet.ToMarkdown();

        // Inputs.Dataset: personal data (employment_history) under legitimate interests; no description,
        // consent, parents or retention recorded; trained cv-ranker@1.0.0.
        sheet.Missing.ShouldBe(["motivation", "collection", "preprocessing", "maintenance"]);
        md.ShouldContain("Personal data: employment_history. Legal basis (GDPR Art 6): legitimate interests.");
        md.ShouldContain("- Résumé screening assistant (`resume-screening`): model cv-ranker@1.0.0");
        (await _db.Get<GenerateDatasheet>().ExecuteAsync("nope", ReadScope.Everything, Ct)).Kind.ShouldBe(Attest.Core.Common.ResultKind.NotFound);
    }

    [Fact]
    public async Task The_Annex_IV_outline_of_a_high_risk_system_is_filled_from_records_and_evidence()
    {
        await AddFairnessAsync();

        var outline = (await _db.Get<GenerateAnnexIvOutline>().ExecuteAsync("resume-screening", Ct)).Value!;
        var md = outline.ToMarkdown();

        outline.Subtitle.ShouldBe("High-risk system: Annex IV technical documentation (Art 11).");
        outline.Missing.ShouldBe(["risk_management", "standards", "declaration_of_conformity", "post_market_monitoring"]);
        md.ShouldContain("Accuracy overall 0.81 on n = 1200; per group: sex=F 0.8; sex=M 0.82");
        md.ShouldContain("## 9. Post-market monitoring plan (Art 72)\n\n_Missing: evidence of type monitoring_plan._");
    }
}
