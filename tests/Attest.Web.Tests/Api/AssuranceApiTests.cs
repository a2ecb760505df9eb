using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>
/// /api/v1/assurance/questionnaires over the demo: import the demo questionnaire (the body is the file), read, edit,
/// approve, export CSV / XLSX / the trust page; bad files are 400 problems naming the file; who may approve and share.
/// </summary>
public sealed class AssuranceApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static byte[] DemoFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Attest.slnx"))) dir = dir.Parent;
        return File.ReadAllBytes(Path.Combine(dir!.FullName, "data", "demo", "assurance", "customer-ai-due-diligence.csv"));
    }

    private Task<HttpResponseMessage> ImportAsync(string query, byte[] body, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/assurance/questionnaires?" + query) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return _client.SendAsync(request, Ct);
    }

    private Task<string> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, string>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!.Secret);

    [Fact]
    public async Task I_can_import_answer_approve_and_export_a_questionnaire_through_the_api()
    {
        using var created = await ImportAsync("system=credit-scoring&file_name=customer-ai-due-diligence.csv", DemoFile());
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var q = await created.ReadAsync();
        var id = q["id"]!.GetValue<string>();
        created.Headers.Location!.OriginalString.ShouldBe($"/api/v1/assurance/questionnaires/{id}");
        q["questions"]!.AsArray().Count.ShouldBe(12);
        var first = q["questions"]![0]!;
        first["controls"]![0]!["control_id"]!.GetValue<string>().ShouldBe("ATT-GOV-01");

        var list = JsonNode.Parse(await _client.GetStringAsync("/api/v1/assurance/questionnaires", Ct))!.AsArray();
        // The demo's own questionnaire (three answers approved) and this one.
        list.Single(x => x!["id"]!.GetValue<string>() == id)!["questions"]!.GetValue<int>().ShouldBe(12);

        var answerId = first["id"]!.GetValue<string>();
        using var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/assurance/questionnaires/{id}/answers/{answerId}") { Content = Json.Body("""{"answer":"Yes, reviewed yearly."}""") };
        edit.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using (var edited = await _client.SendAsync(edit, Ct))
            edited.StatusCode.ShouldBe(HttpStatusCode.OK, await edited.Content.ReadAsStringAsync(Ct));

        // The product owner of the system may draft, not approve; the admin (not of the team) approves.
        var owner = await KeyAsync("product_owner", "credit-scoring");
        using (var refused = await SendAsync(HttpMethod.Post, $"/api/v1/assurance/questionnaires/{id}/answers/{answerId}/approve", "{}", owner))
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var approved = await _client.PostAsync($"/api/v1/assurance/questionnaires/{id}/answers/{answerId}/approve", Json.Body("{}"), Ct))
        {
            approved.StatusCode.ShouldBe(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
            var body = await approved.ReadAsync();
            body["approved"]!.GetValue<int>().ShouldBe(1);
            body["questions"]![0]!["state"]!.GetValue<string>().ShouldBe("approved");
        }

        using var xlsx = await _client.GetAsync($"/api/v1/assurance/questionnaires/{id}/export?format=xlsx", Ct);
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        (await xlsx.Content.ReadAsByteArrayAsync(Ct))[..2].ShouldBe("PK"u8.ToArray());
        var csv = await _client.GetStringAsync($"/api/v1/assurance/questionnaires/{id}/export?format=csv", Ct);
        csv.ShouldContain("AI-01,Do you maintain a written AI policy");
        csv.ShouldContain("\"Yes, reviewed yearly.\",yes,");
        var html = await _client.GetStringAsync($"/api/v1/assurance/questionnaires/{id}/export?format=html", Ct);
        html.ShouldContain("Yes, reviewed yearly.");
        using var badFormat = await _client.GetAsync($"/api/v1/assurance/questionnaires/{id}/export?format=pdf", Ct);
        badFormat.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("system=credit-scoring&file_name=notes.txt", "file", "'notes.txt' is not a questionnaire: send a .csv or .xlsx file with a question column")]
    [InlineData("system=credit-scoring&file_name=q.csv", "file", "row 1: no question column (expected a header named question or text; found 'id', 'topic')")]
    [InlineData("file_name=q.csv", "system", "is required: the AI system (id or slug) the questionnaire is answered for")]
    public async Task A_file_that_is_not_a_questionnaire_is_a_400_problem_naming_it(string query, string field, string problem)
    {
        using var response = await ImportAsync(query, Encoding.UTF8.GetBytes("id,topic\n1,Policy\n"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.ReadAsync();
        body["errors"]![field]![0]!.GetValue<string>().ShouldBe(problem);
    }

    [Fact]
    public async Task Only_governance_marks_evidence_shareable_and_an_unknown_questionnaire_is_404()
    {
        var evidenceId = await _factory.WithServiceAsync<Attest.Core.Data.AttestDbContext, string>(db =>
            Task.FromResult(db.Evidence.OrderBy(e => e.Id).Select(e => e.Id).First()));
        var owner = await KeyAsync("ml_engineer", "credit-scoring");
        using (var refused = await SendAsync(HttpMethod.Put, $"/api/v1/evidence/{evidenceId}/shareable", """{"shareable":true}""", owner))
            ((int)refused.StatusCode).ShouldBeOneOf(403, 404);
        using (var ok = await _client.PutAsync($"/api/v1/evidence/{evidenceId}/shareable", Json.Body("""{"shareable":true}"""), Ct))
        {
            ok.StatusCode.ShouldBe(HttpStatusCode.OK, await ok.Content.ReadAsStringAsync(Ct));
            (await ok.ReadAsync())["shareable"]!.GetValue<bool>().ShouldBeTrue();
        }
        using (var missing = await _client.PutAsync($"/api/v1/evidence/{evidenceId}/shareable", Json.Body("{}"), Ct))
            (await missing.ReadAsync())["errors"]!["shareable"]![0]!.GetValue<string>().ShouldBe("is required: true or false");
        using var unknown = await _client.GetAsync("/api/v1/assurance/questionnaires/qnr_nope", Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string body, string bearer)
    {
        using var client = _factory.CreateAnonymousClient();
        var request = new HttpRequestMessage(method, url) { Content = Json.Body(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await client.SendAsync(request, Ct);
    }
}
