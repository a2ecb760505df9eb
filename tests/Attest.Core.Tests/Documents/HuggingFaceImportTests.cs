using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Documents;

/// <summary>Importing a Hugging Face model card: evidence, the model version's licence and metadata, and model-card narrative.</summary>
public sealed class HuggingFaceImportTests : IAsyncLifetime
{
    // Front matter as in Hugging Face's model card template (huggingface_hub ModelCard metadata).
    private const string Card = """
        ---
        license: apache-2.0
        base_model: distilbert-base-uncased
        datasets:
          - imdb
        model-index:
          - name: cv-ranker
            results:
              - task:
                  type: text-classification
                dataset:
                  name: imdb
                  type: imdb
                metrics:
                  - type: accuracy
                    value: 0.93
        ---
        # cv-ranker

        Ranks CVs.
        """;

    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Lines are counted in the whole file (line 1 is the opening ---).
    private Task<Result<HuggingFaceImportDto>> ImportAsync(string text) =>
        _db.Get<ImportHuggingFaceModelCard>().ExecuteAsync("resume-screening", "cv-ranker@1.0.0", Encoding.UTF8.GetBytes(text), "README.md", Actors.Dana, Ct);

    [Fact]
    public async Task A_model_card_is_stored_as_model_card_evidence_with_its_metadata()
    {
        var result = await ImportAsync(Card);

        result.IsOk.ShouldBeTrue(result.Message);
        var e = result.Value!.Evidence;
        (e.Type, e.MediaType, e.ModelVersions.Single().Label).ShouldBe(("model_card", "text/markdown", "cv-ranker@1.0.0"));
        e.Summary.ShouldBe("Hugging Face model card; license apache-2.0; base model distilbert-base-uncased; datasets imdb; results: accuracy 0.93.");
        // ATT-DEV-02 "Model card and known limitations" accepts model_card (data/controls/data-and-development.yaml).
        e.Controls.ShouldContain("ATT-DEV-02");
    }

    [Theory]
    [InlineData("# No front matter\n", "line 1: a Hugging Face model card starts with YAML front matter between '---' lines")]
    [InlineData("---\nlicense: mit\n", "the YAML front matter has no closing '---' line")]
    [InlineData("---\nlicense: [mit\n---\n", "line 3: invalid YAML front matter")] // the parser finds the unclosed list at the end of the front matter
    [InlineData("---\nlicense:\n  - mit\n---\n", "line 3: 'license' must be a single value")]
    [InlineData("---\nmodel-index:\n  - name: x\n    results:\n      - metrics:\n          - type: accuracy\n---\n", "line 6: a model-index metric needs 'type' and 'value'")]
    [InlineData("---\nlicense: mit\nlanguage:\n  en: English\n---\n", "line 4: 'language' must be a value or a list of values")]
    [InlineData("---\npipeline_tag:\n  - text-classification\n---\n", "line 3: 'pipeline_tag' must be a single value")]
    [InlineData("---\nmodel-index:\n  - name: x\n    results:\n      - task: text-classification\n---\n", "line 5: 'model-index[].results[].task' must be a mapping")]
    [InlineData("---\nmodel-index:\n  - name: x\n    results:\n      - metrics:\n          - type: accuracy\n            value: [0.9]\n---\n", "line 7: the value of model-index metric 'accuracy' must be a single number or text")]
    public async Task An_invalid_model_card_is_refused_naming_the_line_and_nothing_is_written(string text, string problem)
    {
        var result = await ImportAsync(text);

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["file"].Single().ShouldStartWith(problem);
        await using var ctx = _db.NewContext();
        (await ctx.Evidence.CountAsync(Ct), await ctx.DocumentNarratives.CountAsync(Ct)).ShouldBe((0, 0));
        var model = await ctx.ModelVersions.SingleAsync(Ct);
        (model.License, model.ImportedMetadataJson, model.RowVersion).ShouldBe((null, null, 1));
    }

    [Fact]
    public async Task A_section_longer_than_a_narrative_may_be_is_refused_naming_its_line()
    {
        var result = await ImportAsync("---\nlicense: mit\n---\n# m\n\n## Limitations\n\n" + new string('x', 20_001) + "\n");

        result.Errors["file"].ShouldBe(["line 6: the Markdown for the model card's caveats section ('Limitations' and what follows) is 20,001 characters, more than 20,000"]);
    }

    [Fact]
    public async Task A_realistic_card_writes_its_licence_metadata_and_sections_into_the_model_version_in_one_go()
    {
        var card = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "HuggingFace", "distilbert-imdb-sentiment.md"), Ct);
        long lastSeq;
        await using (var before = _db.NewContext()) lastSeq = await before.Ledger.MaxAsync(l => l.Seq, Ct);

        var result = await ImportAsync(card);

        result.IsOk.ShouldBeTrue(result.Message);
        var imported = result.Value!;
        imported.Evidence.Summary.ShouldBe("Hugging Face model card; license apache-2.0; base model distilbert/distilbert-base-uncased; datasets stanfordnlp/imdb; results: accuracy 0.9312, f1 0.9309.");
        imported.ModelVersion.License.ShouldBe("apache-2.0");
        imported.ModelVersion.RowVersion.ShouldBe(2);
        imported.NarrativeSections.ShouldBe(["model_details", "intended_use", "metrics", "evaluation_data", "training_data", "ethical_considerations", "caveats"]);
        var meta = imported.ModelVersion.ImportedMetadata!;
        (meta["source"]!.GetValue<string>(), meta["evidence_id"]!.GetValue<string>(), meta["sha256"]!.GetValue<string>(), meta["file_name"]!.GetValue<string>())
            .ShouldBe(("hugging_face_model_card", imported.Evidence.Id, imported.Evidence.Sha256, "README.md"));
        Strings(meta["base_model"]).ShouldBe(["distilbert/distilbert-base-uncased"]);
        Strings(meta["datasets"]).ShouldBe(["stanfordnlp/imdb"]);
        Strings(meta["language"]).ShouldBe(["en"]);
        Strings(meta["tags"]).ShouldBe(["generated_from_trainer", "sentiment-analysis"]);
        (meta["pipeline_tag"]!.GetValue<string>(), meta["library_name"]!.GetValue<string>()).ShouldBe(("text-classification", "transformers"));
        meta["results"]!.ToJsonString().ShouldBe("""
            [{"model":"distilbert-imdb-sentiment","task_type":"text-classification","task_name":"Text Classification","dataset_type":"stanfordnlp/imdb","dataset_name":"IMDb","dataset_config":"plain_text","dataset_split":"test","metric_type":"accuracy","metric_name":"Accuracy","value":0.9312},{"model":"distilbert-imdb-sentiment","task_type":"text-classification","task_name":"Text Classification","dataset_type":"stanfordnlp/imdb","dataset_name":"IMDb","dataset_config":"plain_text","dataset_split":"test","metric_type":"f1","metric_name":"F1","value":0.9309}]
            """);

        await using var ctx = _db.NewContext();
        var narrative = (await ctx.DocumentNarratives.ToListAsync(Ct)).ToDictionary(n => n.SectionId, n => n.Text);
        narrative["model_details"].ShouldBe("This model is a fine-tuned version of [distilbert/distilbert-base-uncased](https://huggingface.co/distilbert/distilbert-base-uncased) on the IMDb dataset.\n\n" +
            "# Model Details\n\n## Model Description\n\n- **Developed by:** Example Labs\n- **Model type:** DistilBERT for sequence classification\n- **Language(s) (NLP):** English\n- **License:** apache-2.0");
        narrative["intended_use"].ShouldBe("# Direct Use\n\nClassifying the sentiment of English movie reviews as positive or negative.\n\n# Out-of-Scope Use\n\nNot for reviews in other languages, nor for decisions about people.");
        narrative["ethical_considerations"].ShouldBe("The IMDb reviews over-represent US English; sarcasm is often misclassified.");
        narrative["caveats"].ShouldBe("Review predictions with a confidence below 0.7 by hand.");
        narrative["training_data"].ShouldBe("# Training Data\n\n25,000 labelled reviews of the IMDb train split.\n\n# Training Procedure\n\n## Training Hyperparameters\n\n- learning_rate: 2e-05\n- num_epochs: 2");
        narrative["evaluation_data"].ShouldBe("# Testing Data, Factors & Metrics\n\n## Testing Data\n\nThe 25,000 reviews of the IMDb test split.");
        narrative["metrics"].ShouldBe("Accuracy and F1, as the classes are balanced.\n\n# Results\n\nAccuracy 0.9312, F1 0.9309.");
        narrative.ShouldNotContainKey("factors"); // only a template placeholder
        (await ctx.DocumentNarratives.Select(n => n.Source).Distinct().ToListAsync(Ct)).ShouldBe(["hugging_face_import"]);
        var actions = await ctx.Ledger.Where(l => l.Seq > lastSeq).OrderBy(l => l.Seq).Select(l => l.Action).ToListAsync(Ct);
        actions.ShouldBe(["evidence.added", "model_version.updated", .. Enumerable.Repeat("document.narrative_saved", 7)]);

        // The generated model card shows the imported sections under their own, and the licence from the model version.
        var md = (await _db.Get<GenerateModelCard>().ExecuteAsync("resume-screening", null, Ct)).Value!.ToMarkdown();
        md.ShouldStartWith("---\nlicense: \"apache-2.0\"\n");
        md.ShouldContain("## Caveats and recommendations\n\n**Author's notes**\n\nReview predictions with a confidence below 0.7 by hand.\n\n---");
        md.ShouldContain("**Author's notes**\n\n#### Direct Use\n\nClassifying the sentiment");
        md.ShouldContain("- Base model: `distilbert/distilbert-base-uncased`\n- Task: text-classification; library: transformers\n- Languages: en\n" +
            "- Datasets named by the card: `stanfordnlp/imdb`\n- Imported from a Hugging Face model card (evidence `" + imported.Evidence.Id + "`)\n");
        md.ShouldContain("## Metrics\n\n_Missing: performance measures: store a fairness report (attest evaluate fairness --system). Reported by the imported Hugging Face card " +
            "(not measured by Attest): accuracy 0.9312 (Text Classification, IMDb, test split); f1 0.9309 (Text Classification, IMDb, test split)._");
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(md[4..md.IndexOf("\n---\n", StringComparison.Ordinal)]));
        var front = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        (front["pipeline_tag"].ToString(), front["library_name"].ToString(), ((YamlDotNet.RepresentationModel.YamlSequenceNode)front["base_model"])[0].ToString())
            .ShouldBe(("text-classification", "transformers", "distilbert/distilbert-base-uncased"));
        ((YamlDotNet.RepresentationModel.YamlSequenceNode)front["tags"]).Select(t => t.ToString()).ShouldBe(["attest", "predictive", "generated_from_trainer", "sentiment-analysis"]);
        md.ShouldNotContain("How to Get Started");
        md.ShouldNotContain("More Information Needed");
    }

    [Fact]
    public async Task Importing_the_same_card_again_adds_evidence_but_no_narrative_revisions()
    {
        var card = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Documents", "HuggingFace", "distilbert-imdb-sentiment.md"), Ct);
        (await ImportAsync(card)).IsOk.ShouldBeTrue();

        var again = await ImportAsync(card);

        again.Value!.NarrativeSections.ShouldBeEmpty();
        again.Value.ModelVersion.RowVersion.ShouldBe(3);
        await using var ctx = _db.NewContext();
        (await ctx.DocumentNarratives.CountAsync(Ct)).ShouldBe(7);
    }

    [Fact]
    public async Task A_card_for_an_unknown_model_version_writes_nothing()
    {
        var result = await _db.Get<ImportHuggingFaceModelCard>().ExecuteAsync("resume-screening", "cv-ranker@9.9.9", Encoding.UTF8.GetBytes(Card), "README.md", Actors.Dana, Ct);

        result.Errors["model_versions[0]"].ShouldBe(["system 'resume-screening' has no model version 'cv-ranker@9.9.9'"]);
        await using var ctx = _db.NewContext();
        (await ctx.Evidence.CountAsync(Ct), await ctx.DocumentNarratives.CountAsync(Ct), (await ctx.ModelVersions.SingleAsync(Ct)).License).ShouldBe((0, 0, null));
    }

    private static string[] Strings(System.Text.Json.Nodes.JsonNode? node) => node!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
}
