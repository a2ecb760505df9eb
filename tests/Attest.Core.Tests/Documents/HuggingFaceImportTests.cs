using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;

namespace Attest.Core.Tests.Documents;

/// <summary>Importing a Hugging Face model card as model_card evidence of a model version.</summary>
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
    private Task<Result<Attest.Core.Features.Evidence.EvidenceDto>> ImportAsync(string text) =>
        _db.Get<ImportHuggingFaceModelCard>().ExecuteAsync("resume-screening", "cv-ranker@1.0.0", Encoding.UTF8.GetBytes(text), "README.md", Actors.Dana, Ct);

    [Fact]
    public async Task A_model_card_is_stored_as_model_card_evidence_with_its_metadata()
    {
        var result = await ImportAsync(Card);

        result.IsOk.ShouldBeTrue(result.Message);
        var e = result.Value!;
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
    public async Task An_invalid_model_card_is_refused_naming_the_line(string text, string problem)
    {
        var result = await ImportAsync(text);

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["file"].Single().ShouldStartWith(problem);
    }
}
