using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Pages;

/// <summary>A fairness or drift report stored as evidence is read in the app as a page with its charts, not only downloaded.</summary>
public sealed partial class EvaluationReportPagesTests : IAsyncLifetime
{
    private static readonly string DemoFairness = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "demo", "evidence", "credit-scoring", "fairness-holdout-2026-09.json"));

    private readonly AttestWebFactory _factory = new();
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient();
        // In review (validation), so the post-deployment monitoring control (drift reports) applies as well as the fairness one.
        var created = await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson(extra: ",\n  \"stage\": \"in_review\""));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        (await _client.PutAsync("/api/v1/systems/resume-screening/intake", Json.Body(Json.ResumeScreenerIntake), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_stored_fairness_report_opens_from_the_evidence_list_as_a_page_with_its_charts()
    {
        var id = await UploadAsync(DemoFairness, "fairness_report", "holdout.json");

        var evidence = await _client.GetStringAsync("/systems/resume-screening/evidence", Ct);
        var link = ReportLink().Match(evidence);
        link.Success.ShouldBeTrue("the evidence list links a fairness report to its page");
        link.Groups[1].Value.ShouldBe($"/systems/resume-screening/evidence/{id}/report");

        var page = await _client.GetAsync(link.Groups[1].Value, Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("<h1>Fairness and performance report</h1>");
        html.ShouldContain("impact ratio by age_band");
        Regex.Matches(html, "<svg").Count.ShouldBeGreaterThanOrEqualTo(4, "selection, true and false positive rates, impact ratios and calibration are charts");
        html.ShouldContain("<td class=\"fail\">0.7614</td>", Case.Sensitive, "the group below the four-fifths line is marked");
    }

    [Fact]
    public async Task A_stored_drift_report_shows_its_verdict_and_histograms()
    {
        var id = await UploadAsync(DriftReport, "drift_report", "drift.json");

        var html = await _client.GetStringAsync($"/systems/resume-screening/evidence/{id}/report", Ct);

        html.ShouldContain("<h1>Data drift report</h1>");
        html.ShouldContain("Dataset drift: yes");
        html.ShouldContain("<svg");
        html.ShouldContain("income (ks 0.0001)");
    }

    [Fact]
    public async Task A_hostile_or_foreign_file_is_shown_as_a_problem_never_as_markup_or_a_500()
    {
        var script = await UploadAsync(DemoFairness.Replace("holdout-2026-09.csv", "<script>alert(1)</script>", StringComparison.Ordinal), "fairness_report", "x.json");
        var broken = await UploadAsync("""{"kind":"fairness","input":"x","n":"many","features":{}}""", "fairness_report", "broken.json");
        var foreign = await UploadAsync("%PDF-1.7 \u00ff not a report", "fairness_report", "audit.pdf");

        var escaped = await _client.GetStringAsync($"/systems/resume-screening/evidence/{script}/report", Ct);
        escaped.ShouldNotContain("<script>alert(1)</script>");
        escaped.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");

        var brokenPage = await _client.GetAsync($"/systems/resume-screening/evidence/{broken}/report", Ct);
        brokenPage.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await brokenPage.Content.ReadAsStringAsync(Ct)).ShouldContain("does not follow its format ($.n: expected an integer)");

        (await _client.GetStringAsync($"/systems/resume-screening/evidence/{foreign}/report", Ct))
            .ShouldContain("is not a fairness or drift report written by `attest evaluate`");

        var missing = await _client.GetAsync("/systems/resume-screening/evidence/ev_nope/report", Ct);
        ((int)missing.StatusCode).ShouldBeLessThan(500);
        (await missing.Content.ReadAsStringAsync(Ct)).ShouldContain("No evidence &#x27;ev_nope&#x27;");
    }

    private async Task<string> UploadAsync(string content, string type, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(type), "type");
        if (type == "fairness_report") form.Add(new StringContent("ATT-DATA-02"), "controls");
        var response = await _client.PostAsync("/api/v1/systems/resume-screening/evidence", form, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.ReadAsync())["id"]!.GetValue<string>();
    }

    [GeneratedRegex("<a class=\"view-report\" href=\"([^\"]+)\">View report</a>")]
    private static partial Regex ReportLink();

    private const string DriftReport = """
        {"kind":"drift","reference":"train.csv","current":"week-48.csv","n_reference":1000,"n_current":1000,
         "columns":{"income":{"type":"numerical","test":"ks","drift_score":0.0001,"statistic":0.2,"p_value":0.0001,"threshold":0.05,"drifted":true,
           "psi":0.31,"n_reference":1000,"n_current":1000,"n_unique":800,
           "bins":{"rule":"sturges","labels":["[0, 50000)","[50000, 100000)"],"reference_share":[0.6,0.4],"current_share":[0.3,0.7]}},
          "region":{"type":"categorical","test":"chisquare","drift_score":0.5,"statistic":1.2,"p_value":0.5,"threshold":0.05,"drifted":false,
           "psi":0.01,"n_reference":1000,"n_current":1000,"n_unique":3}},
         "number_drifted":1,"share_drifted":0.5,"drift_share_threshold":0.5,"dataset_drift":true,"skipped_text_columns":[]}
        """;
}
