using System.Net;
using System.Net.Http.Headers;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>Authors' narrative per document section over real HTTP (setup mode: a local administrator).</summary>
public sealed class DocumentNarrativeApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _client.PostJsonAsync("/api/v1/systems/resume-screening/models", """{"name":"cv-ranker","version":"1.0.0","kind":"predictive","provider":"in_house"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _client.PostJsonAsync("/api/v1/datasets", """
            {"slug":"cv-archive","name":"CV archive","source":"HR system export","owner":"Dana Kim","personal_data_classes":[],"legal_basis":null}
            """)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PutAsync(string url, string json, string? ifMatch = null, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json.Body(json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return _client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task I_can_list_a_model_cards_sections_save_a_narrative_and_download_the_card_with_it()
    {
        var before = await (await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card/sections", Ct)).ReadAsync();
        var caveats = before["sections"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "caveats")!;
        (caveats["version"]!.GetValue<int>(), caveats["filled"]!.GetValue<bool>(), caveats["narrative_fills"]!.GetValue<bool>()).ShouldBe((0, false, true));
        caveats["generated"]!.GetValue<string>().ShouldBe("known limitations and recommendations, written by the model's authors.");
        (before["subject_type"]!.GetValue<string>(), before["subject"]!.GetValue<string>()).ShouldBe(("model_version", "cv-ranker@1.0.0"));

        var saved = await PutAsync("/api/v1/systems/resume-screening/documents/model-card/sections/caveats", """{"text":"Not for applicants under 18."}""", ifMatch: "\"0\"");

        saved.StatusCode.ShouldBe(HttpStatusCode.OK, await saved.Content.ReadAsStringAsync(Ct));
        saved.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var body = await saved.ReadAsync();
        (body["version"]!.GetValue<int>(), body["section"]!.GetValue<string>(), body["source"]!.GetValue<string>()).ShouldBe((1, "caveats", "author"));
        var md = await (await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card?format=md&model_version=cv-ranker@1.0.0", Ct)).Content.ReadAsStringAsync(Ct);
        md.ShouldContain("## Caveats and recommendations\n\n**Author's notes**\n\nNot for applicants under 18.\n");
        var after = await (await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card/sections?model_version=cv-ranker@1.0.0", Ct)).ReadAsync();
        after["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldNotContain("caveats");
        after["sections"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "caveats")!["narrative"]!.GetValue<string>().ShouldBe("Not for applicants under 18.");
    }

    [Fact]
    public async Task A_save_over_a_stale_version_is_412_and_bad_requests_name_the_problem()
    {
        const string url = "/api/v1/systems/resume-screening/documents/system-card/sections/purpose_and_use";
        (await PutAsync(url, """{"text":"v1","version":0}""")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await PutAsync(url, """{"text":"v2"}""", ifMatch: "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var stale = await PutAsync(url, """{"text":"v3"}""", ifMatch: "\"1\"");
        var staleBody = await PutAsync(url, """{"text":"v3","version":1}""");
        var section = await PutAsync("/api/v1/systems/resume-screening/documents/system-card/sections/nope", """{"text":"x"}""");
        var kind = await PutAsync("/api/v1/systems/resume-screening/documents/press-release/sections/x", """{"text":"x"}""");
        var tooLong = await PutAsync(url, $$"""{"text":"{{new string('x', 20_001)}}"}""");
        var unknownField = await PutAsync(url, """{"txt":"x"}""");

        stale.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        staleBody.StatusCode.ShouldBe(HttpStatusCode.PreconditionFailed);
        (await stale.ReadAsync())["detail"]!.GetValue<string>().ShouldStartWith("Section 'purpose_and_use' of the system-card of resume-screening is at version 2, not 1");
        section.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await section.ReadAsync())["detail"]!.GetValue<string>().ShouldStartWith("The system-card has no section 'nope': one of purpose_and_use, components");
        kind.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await kind.ReadAsync())["detail"]!.GetValue<string>().ShouldBe("No document 'press-release' for a system: one of model-card, system-card, annex-iv.");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.ReadAsync())["errors"]!["text"]![0]!.GetValue<string>().ShouldBe("must be at most 20,000 characters (got 20,001)");
        unknownField.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var history = await (await _client.GetAsync(url + "/revisions", Ct)).ReadAsync();
        history["items"]!.AsArray().Select(r => (r!["version"]!.GetValue<int>(), r["text"]!.GetValue<string>())).ShouldBe([(2, "v2"), (1, "v1")]);
    }

    [Fact]
    public async Task A_model_cards_narrative_belongs_to_the_model_version_named_by_model_version()
    {
        (await _client.PostJsonAsync("/api/v1/systems/resume-screening/models", """{"name":"cv-ranker","version":"2.0.0","kind":"predictive","provider":"in_house"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var saved = await PutAsync("/api/v1/systems/resume-screening/documents/model-card/sections/caveats?model_version=cv-ranker@1.0.0", """{"text":"Only for 1.0.0."}""");

        (await saved.ReadAsync())["subject"]!.GetValue<string>().ShouldBe("cv-ranker@1.0.0");
        var current = await (await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card/sections", Ct)).ReadAsync();
        current["subject"]!.GetValue<string>().ShouldBe("cv-ranker@2.0.0");
        current["sections"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "caveats")!["narrative"].ShouldBeNull();
        var old = await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card?format=md&model_version=cv-ranker@1.0.0", Ct);
        (await old.Content.ReadAsStringAsync(Ct)).ShouldContain("**Author's notes**\n\nOnly for 1.0.0.");
        var unknown = await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card/sections?model_version=cv-ranker@9", Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ReadAsync())["errors"]!["model_version"]![0]!.GetValue<string>().ShouldBe("system 'resume-screening' has no model version 'cv-ranker@9'");
    }

    [Fact]
    public async Task A_datasheets_narrative_is_saved_under_the_dataset()
    {
        var saved = await PutAsync("/api/v1/datasets/cv-archive/documents/datasheet/sections/motivation", """{"text":"Built to train the CV ranker."}""");
        var sections = await (await _client.GetAsync("/api/v1/datasets/cv-archive/documents/datasheet/sections", Ct)).ReadAsync();
        var wrongKind = await _client.GetAsync("/api/v1/datasets/cv-archive/documents/model-card/sections", Ct);

        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        sections["sections"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "motivation")!["filled"]!.GetValue<bool>().ShouldBeTrue();
        wrongKind.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await wrongKind.ReadAsync())["detail"]!.GetValue<string>().ShouldBe("No document 'model-card' for a dataset: one of datasheet.");
    }

    [Fact]
    public async Task Only_callers_who_may_write_evidence_of_the_system_may_save_its_narrative()
    {
        var auditor = await KeyAsync("auditor", null);
        var engineer = await KeyAsync("ml_engineer", "resume-screening");

        (await PutAsync("/api/v1/systems/resume-screening/documents/annex-iv/sections/standards", """{"text":"ISO/IEC 42001"}""", bearer: auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await PutAsync("/api/v1/systems/resume-screening/documents/annex-iv/sections/standards", """{"text":"ISO/IEC 42001"}""", bearer: engineer.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private Task<CreatedApiKey> KeyAsync(string role, string? system) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role + (system ?? ""), Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);
}
