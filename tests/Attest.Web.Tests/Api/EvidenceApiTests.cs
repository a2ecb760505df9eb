using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>Evidence upload, metadata, content, listing, freshness and retirement over real HTTP (setup mode: a local administrator).</summary>
public sealed class EvidenceApiTests : IAsyncLifetime
{
    // High-risk under Annex III.4(a) with profiling: requires ATT-DATA-02 (fairness_report, renewal 12 months).
    private const string ResumeScreener = Json.ResumeScreenerIntake;

    private static readonly byte[] Report = Encoding.UTF8.GetBytes("{\"n\": 1000, \"overall\": {\"selection_rate\": 0.41}}");

    private readonly AttestWebFactory _factory = new(settings: new Dictionary<string, string> { ["Attest:MaxEvidenceBytes"] = "1000" });
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await _client.PutAsync("/api/v1/systems/resume-screening/intake", Json.Body(ResumeScreener), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MultipartFormDataContent Upload(byte[] content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", "fairness.json");
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private Task<HttpResponseMessage> PostEvidenceAsync(MultipartFormDataContent form, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/systems/resume-screening/evidence") { Content = form };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return _client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task I_can_upload_evidence_read_its_metadata_and_content_and_see_the_control_satisfied()
    {
        var response = await PostEvidenceAsync(Upload(Report, ("type", "fairness_report"), ("controls", "ATT-DATA-02"), ("summary", "Selection rates by sex")));

        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        var created = await response.ReadAsync();
        var id = created["id"]!.GetValue<string>();
        var sha = Convert.ToHexStringLower(SHA256.HashData(Report));
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/evidence/{id}");
        (created["sha256"]!.GetValue<string>(), created["file_name"]!.GetValue<string>(), created["media_type"]!.GetValue<string>()).ShouldBe((sha, "fairness.json", "application/json"));
        created["controls"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["ATT-DATA-02"]);

        var metadata = await (await _client.GetAsync($"/api/v1/evidence/{id}", Ct)).ReadAsync();
        metadata["status"]!.GetValue<string>().ShouldBe("active");

        var content = await _client.GetAsync($"/api/v1/evidence/{id}/content", Ct);
        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        content.Headers.ETag!.Tag.ShouldBe($"\"{sha}\"");
        (await content.Content.ReadAsByteArrayAsync(Ct)).ShouldBe(Report);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/evidence/{id}/content");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        (await _client.SendAsync(conditional, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        var list = (await (await _client.GetAsync("/api/v1/systems/resume-screening/evidence", Ct)).ReadAsync()).AsArray();
        list.Select(e => e!["id"]!.GetValue<string>()).ShouldBe([id]);
        var status = await (await _client.GetAsync("/api/v1/systems/resume-screening/evidence/status", Ct)).ReadAsync();
        var control = status["controls"]!.AsArray().Single(c => c!["control_id"]!.GetValue<string>() == "ATT-DATA-02")!;
        control["state"]!.GetValue<string>().ShouldBe("satisfied");
        status["satisfied"]!.GetValue<int>().ShouldBe(1);

        var retired = await _client.PostJsonAsync($"/api/v1/evidence/{id}/retire", """{"reason":"Computed on the wrong month"}""");
        retired.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await retired.ReadAsync())["status"]!.GetValue<string>().ShouldBe("retired");
        (await _client.GetAsync($"/api/v1/evidence/{id}/content", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("type", "horoscope", "type", "no control accepts evidence of type 'horoscope'")]
    [InlineData("valid_until", "01/03/2027", "valid_until", "must be a date as yyyy-MM-dd")]
    [InlineData("colour", "blue", "colour", "is not a field of an evidence upload")]
    [InlineData("controls", "ATT-GPAI-01", "controls[0]", "ATT-GPAI-01 accepts evidence of type technical_documentation, model_card, not 'fairness_report'")]
    public async Task Bad_metadata_is_a_400_naming_the_field(string name, string value, string field, string problem)
    {
        var fields = name == "type" ? new[] { (name, value) } : [("type", "fairness_report"), (name, value)];

        var response = await PostEvidenceAsync(Upload(Report, fields));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadAsync();
        body["errors"]![field]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe([problem]);
    }

    [Fact]
    public async Task Empty_and_oversized_files_are_refused()
    {
        var empty = await PostEvidenceAsync(Upload([], ("type", "fairness_report")));
        (await empty.ReadAsync())["errors"]!["file"]![0]!.GetValue<string>().ShouldBe("is empty");

        // Attest:MaxEvidenceBytes = 1000: the file is checked exactly; the request (with the multipart allowance of 1 MiB) by its length.
        var over = await PostEvidenceAsync(Upload(new byte[1001], ("type", "fairness_report")));
        over.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await over.ReadAsync())["errors"]!["file"]![0]!.GetValue<string>().ShouldBe("is larger than the limit of 1000 bytes");

        var huge = await PostEvidenceAsync(Upload(new byte[1000 + 1024 * 1024 + 1], ("type", "fairness_report")));
        huge.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        Directory.GetFiles(Path.Combine(_factory.DataDirectory, "blobs"), "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Only_the_system_team_adds_evidence_and_an_auditor_reads_it()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson("other"))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var otherTeam = await KeyAsync("ml_engineer", "other");
        var ownTeam = await KeyAsync("ml_engineer", "resume-screening");
        var auditor = await KeyAsync("auditor", null);

        (await PostEvidenceAsync(Upload(Report, ("type", "fairness_report")), otherTeam.Secret)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostEvidenceAsync(Upload(Report, ("type", "fairness_report")), auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var added = await PostEvidenceAsync(Upload(Report, ("type", "fairness_report"), ("method", "ci")), ownTeam.Secret);
        added.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await added.ReadAsync();
        body["produced_by"]!.GetValue<string>().ShouldBe($"key:{ownTeam.Key.Id}");
        var id = body["id"]!.GetValue<string>();

        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/evidence/{id}");
        read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", auditor.Secret);
        (await _client.SendAsync(read, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var retire = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/evidence/{id}/retire") { Content = Json.Body("""{"reason":"x"}""") };
        retire.Headers.Authorization = new AuthenticationHeaderValue("Bearer", otherTeam.Secret);
        (await _client.SendAsync(retire, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task I_can_download_a_model_card_and_a_system_card_with_their_completeness()
    {
        (await _client.PostJsonAsync("/api/v1/systems/resume-screening/models", """{"name":"cv-ranker","version":"1.0.0","kind":"predictive","provider":"in_house"}""")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var report = """{"kind":"fairness","input":"log.csv","n":10,"overall":{"accuracy":0.9},"features":{}}"""u8.ToArray();
        (await PostEvidenceAsync(Upload(report, ("type", "fairness_report")))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var md = await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card?format=md", Ct);
        var html = await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card?format=html&model_version=cv-ranker@1.0.0", Ct);
        var summary = await (await _client.GetAsync("/api/v1/systems/resume-screening/documents/system-card?format=json", Ct)).ReadAsync();
        var bad = await _client.GetAsync("/api/v1/systems/resume-screening/documents/model-card?format=pdf", Ct);

        md.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        var text = await md.Content.ReadAsStringAsync(Ct);
        text.ShouldContain("          - type: \"accuracy\"\n            value: 0.9\n");
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await html.Content.ReadAsStringAsync(Ct)).ShouldContain("<h1>Model card: cv-ranker@1.0.0</h1>");
        md.Headers.GetValues("X-Attest-Completeness").Single().ShouldBe("0.4444"); // 4 of 9 filled: details, metrics, evaluation data, ethical considerations
        summary["missing"]!.AsArray().Select(m => m!.GetValue<string>()).ShouldBe(["purpose_and_use", "datasets", "deployments", "human_oversight", "monitoring"]);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _client.GetAsync("/api/v1/systems/resume-screening/documents/annex-iv?format=html", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.GetAsync("/api/v1/datasets/no-such-dataset/documents/datasheet", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private Task<CreatedApiKey> KeyAsync(string role, string? system) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role + (system ?? ""), Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);
}
