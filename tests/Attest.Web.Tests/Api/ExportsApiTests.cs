using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>
/// POST /api/v1/training/records (CSV body or multipart), GET /api/v1/exports/{name}.csv|.xlsx and
/// GET /api/v1/reports/executive over the demo portfolio: answers, media types, bad input as problems naming the field,
/// and a 503 problem when no Chromium can print the PDF.
/// </summary>
public sealed class ExportsApiTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new(demo: true, new Dictionary<string, string> { ["Attest:ChromiumPath"] = "/nonexistent/chromium" });
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task I_can_post_training_records_as_a_csv_body_or_a_multipart_file()
    {
        using var body = await _client.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative),
            Csv("person,role,course,completed_at\nzoe@example.com,auditor,rai-foundations,2025-01-01\n"), Ct);
        body.StatusCode.ShouldBe(HttpStatusCode.OK, await body.Content.ReadAsStringAsync(Ct));
        (await body.ReadAsync())["created"]!.GetValue<int>().ShouldBe(1);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("person,role,course,completed_at\nzoe@example.com,auditor,rai-foundations,2025-01-01\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "lms.csv");
        using var multipart = await _client.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative), form, Ct);
        multipart.StatusCode.ShouldBe(HttpStatusCode.OK, await multipart.Content.ReadAsStringAsync(Ct));
        (await multipart.ReadAsync())["unchanged"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_training_csv_is_a_problem_naming_row_and_column()
    {
        using var missing = await _client.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative), Csv("person,role,course\nzoe,auditor,rai-foundations\n"), Ct);
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.ReadAsync())["errors"]!["row[1].completed_at"].ShouldNotBeNull();

        using var role = await _client.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative), Csv("person,role,course,completed_at\nzoe,wizard,rai-foundations,\n"), Ct);
        role.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await role.ReadAsync())["errors"]!["row[2].role"]![0]!.GetValue<string>().ShouldContain("\"wizard\" is not a role");

        using var json = await _client.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative), Json.Body("{}"), Ct);
        json.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);

        using var anonymous = _factory.CreateAnonymousClient();
        using var refused = await anonymous.PostAsync(new Uri("/api/v1/training/records", UriKind.Relative), Csv("person,role,course,completed_at\n"), Ct);
        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("compliance-matrix", "system,system_name,eu_ai_act_class,tier,control")]
    [InlineData("risk-register", "risk,system,system_name,tier,title")]
    [InlineData("waiver-register", "waiver,system,system_name,control")]
    [InlineData("kpis", "kpi,name,value,unit,target")]
    public async Task I_can_download_each_register_as_csv_and_xlsx(string name, string header)
    {
        using var csv = await _client.GetAsync(new Uri($"/api/v1/exports/{name}.csv", UriKind.Relative), Ct);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK, await csv.Content.ReadAsStringAsync(Ct));
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        csv.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"attest-{name}.csv");
        var text = await csv.Content.ReadAsStringAsync(Ct);
        text.ShouldStartWith(header);
        text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeGreaterThan(1, "the demo has rows in every register");

        using var xlsx = await _client.GetAsync(new Uri($"/api/v1/exports/{name}.xlsx", UriKind.Relative), Ct);
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await xlsx.Content.ReadAsByteArrayAsync(Ct);
        Encoding.ASCII.GetString(bytes, 0, 2).ShouldBe("PK");
    }

    [Fact]
    public async Task I_can_download_the_kpi_history_of_a_period_and_a_bad_period_is_a_problem_naming_it()
    {
        using var csv = await _client.GetAsync(new Uri("/api/v1/exports/kpi-history.csv?from=2026-01-01&to=2026-01-31", UriKind.Relative), Ct);
        csv.StatusCode.ShouldBe(HttpStatusCode.OK, await csv.Content.ReadAsStringAsync(Ct));
        csv.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("attest-kpi-history.csv");
        (await csv.Content.ReadAsStringAsync(Ct)).ShouldStartWith("day,kpi,name,value,unit,target,direction,status,numerator,denominator,p90\r\n");
        using var xlsx = await _client.GetAsync(new Uri("/api/v1/exports/kpi-history.xlsx", UriKind.Relative), Ct);
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var (query, field) in new[] { ("from=2026-02-10&to=2026-02-01", "from"), ("to=2999-01-01", "to"), ("from=soon", "from") })
        {
            using var bad = await _client.GetAsync(new Uri("/api/v1/exports/kpi-history.csv?" + query, UriKind.Relative), Ct);
            bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await bad.ReadAsync())["errors"]![field].ShouldNotBeNull(query);
        }
    }

    [Fact]
    public async Task An_unknown_format_is_a_problem_and_an_unknown_register_is_not_found()
    {
        using var ods = await _client.GetAsync(new Uri("/api/v1/exports/risk-register.ods", UriKind.Relative), Ct);
        ods.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ods.ReadAsync())["errors"]!["format"].ShouldNotBeNull();
        using var unknown = await _client.GetAsync(new Uri("/api/v1/exports/salaries.csv", UriKind.Relative), Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_executive_report_downloads_as_markdown_or_html_and_refuses_a_bad_period()
    {
        using var md = await _client.GetAsync(new Uri("/api/v1/reports/executive?format=md", UriKind.Relative), Ct);
        md.StatusCode.ShouldBe(HttpStatusCode.OK, await md.Content.ReadAsStringAsync(Ct));
        md.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        (await md.Content.ReadAsStringAsync(Ct)).ShouldContain("## Appendix: compliance matrix");

        using var html = await _client.GetAsync(new Uri("/api/v1/reports/executive?format=html", UriKind.Relative), Ct);
        html.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await html.Content.ReadAsStringAsync(Ct)).ShouldContain("<svg");

        using var bad = await _client.GetAsync(new Uri("/api/v1/reports/executive?format=md&from=yesterday", UriKind.Relative), Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ReadAsync())["errors"]!["from"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Without_chromium_the_pdf_is_a_503_problem_that_says_why()
    {
        using var pdf = await _client.GetAsync(new Uri("/api/v1/reports/executive?format=pdf", UriKind.Relative), Ct);

        pdf.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await pdf.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("no Chromium at /nonexistent/chromium");
    }
}
