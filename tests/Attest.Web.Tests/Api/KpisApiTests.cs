using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Web.Tests.Support;
using static Attest.Web.Tests.Support.PageForms;

namespace Attest.Web.Tests.Api;

/// <summary>
/// GET /api/v1/kpis and /api/v1/kpis/{id}/members over the demo portfolio (the names outside checks rely on), their bad
/// input, and the dashboard pages: tiles linking to the systems behind each number.
/// </summary>
public sealed partial class KpisApiTests : IAsyncLifetime
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

    private static readonly string[] ProgrammeIds =
    [
        "rai_coverage", "high_risk_review_coverage", "review_sla_attainment", "time_to_decision_days", "evidence_completeness",
        "evaluation_compliance", "monitoring_coverage", "incident_rate", "triage_sla_adherence", "near_miss_capture",
        "post_release_escape_rate", "repeat_finding_rate", "risk_acceptance_documented", "waiver_dependency_rate",
        "control_automation_rate", "control_implementation_coverage", "training_completion",
    ];

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.ReadAsync();
    }

    private static JsonNode Kpi(JsonNode report, string id) => report["kpis"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;

    [Fact]
    public async Task The_kpis_answer_every_programme_id_with_its_value_counts_target_status_and_definition()
    {
        var report = await GetJsonAsync("/api/v1/kpis");

        report["as_of"].ShouldNotBeNull();
        var kpis = report["kpis"]!.AsArray();
        kpis.Select(k => k!["id"]!.GetValue<string>()).ShouldBe(ProgrammeIds, ignoreOrder: true);
        foreach (var kpi in kpis)
        {
            var o = kpi!.AsObject();
            foreach (var key in new[] { "id", "name", "value", "numerator", "denominator", "target", "status", "definition" })
                o.ContainsKey(key).ShouldBeTrue($"{o["id"]} has {key}");
            o["status"]!.GetValue<string>().ShouldBeOneOf("met", "not_met", "not_measured");
            o["definition"]!["numerator"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        }
        var coverage = Kpi(report, "rai_coverage");
        coverage["status"]!.GetValue<string>().ShouldNotBe("not_measured", "the demo has active systems");
        var denominator = coverage["denominator"]!.GetValue<double>();
        denominator.ShouldBeGreaterThan(0);
        coverage["value"]!.GetValue<double>().ShouldBe(Math.Round(coverage["numerator"]!.GetValue<double>() / denominator * 100, 1, MidpointRounding.AwayFromZero));
        coverage["denominator_systems"]!.AsArray().Count.ShouldBe((int)denominator);
        var training = Kpi(report, "training_completion");
        (training["numerator"]!.GetValue<double>(), training["denominator"]!.GetValue<double>(), training["value"]!.GetValue<double>())
            .ShouldBe((6.0, 9.0, 66.7), "the demo's training records (data/demo/training/records.csv): 6 of 9 people complete");
        Kpi(report, "evaluation_compliance")["value"].ShouldBeNull("never an invented number");
    }

    [Fact]
    public async Task The_members_are_the_systems_behind_the_number_and_segments_narrow_them()
    {
        var report = await GetJsonAsync("/api/v1/kpis");
        var members = await GetJsonAsync("/api/v1/kpis/rai_coverage/members");
        var rows = members["members"]!.AsArray();
        rows.Count.ShouldBe((int)Kpi(report, "rai_coverage")["denominator"]!.GetValue<double>());
        rows.Count(r => r!["in_numerator"]!.GetValue<bool>()).ShouldBe((int)Kpi(report, "rai_coverage")["numerator"]!.GetValue<double>());

        var high = await GetJsonAsync("/api/v1/kpis/rai_coverage/members?tier=high");
        high["members"]!.AsArray().ShouldAllBe(r => r!["tier"]!.GetValue<string>() == "high");
        var unit = rows[0]!["business_unit"]!.GetValue<string>();
        var ofUnit = await GetJsonAsync($"/api/v1/kpis?business_unit={Uri.EscapeDataString(unit)}");
        Kpi(ofUnit, "rai_coverage")["denominator"]!.GetValue<double>().ShouldBe(rows.Count(r => r!["business_unit"]!.GetValue<string>() == unit));
    }

    [Theory]
    [InlineData("/api/v1/kpis?as_of=last-tuesday", "as_of")]
    [InlineData("/api/v1/kpis?as_of=2999-01-01", "as_of")]
    [InlineData("/api/v1/kpis?tier=huge", "tier")]
    [InlineData("/api/v1/kpis/rai_coverage/members?as_of=soon", "as_of")]
    [InlineData("/api/v1/kpis/rai_coverage/series?from=soon", "from")]
    [InlineData("/api/v1/kpis/rai_coverage/series?to=2999-01-01", "to")]
    [InlineData("/api/v1/kpis/rai_coverage/series?from=2026-02-01&to=2026-01-01", "from")]
    [InlineData("/api/v1/kpis/rai_coverage/series?tier=high&business_unit=Retail", "business_unit")]
    public async Task Bad_parameters_are_a_400_problem_naming_them(string path, string field)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync())["errors"]![field].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("/api/v1/kpis/happiness/members")]
    [InlineData("/api/v1/kpis/happiness/series")]
    public async Task An_unknown_kpi_is_a_404_problem(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("happiness");
    }

    [Fact]
    public async Task A_series_is_the_kpis_daily_points_up_to_yesterday()
    {
        var series = await GetJsonAsync("/api/v1/kpis/monitoring_coverage/series?from=2026-01-01&to=2026-01-31");
        series["id"]!.GetValue<string>().ShouldBe("monitoring_coverage");
        (series["from"]!.GetValue<string>(), series["to"]!.GetValue<string>()).ShouldBe(("2026-01-01", "2026-01-31"));
        series["points"]!.AsArray().ShouldAllBe(p => string.CompareOrdinal(p!["day"]!.GetValue<string>(), "2026-01-01") >= 0
            && string.CompareOrdinal(p["day"]!.GetValue<string>(), "2026-01-31") <= 0);
        var byDefault = await GetJsonAsync("/api/v1/kpis/rai_coverage/series?business_unit=Retail");
        byDefault["business_unit"]!.GetValue<string>().ShouldBe("Retail");
    }

    [Fact]
    public async Task The_demo_dashboard_shows_every_kpi_as_a_tile_linking_to_the_systems_behind_it()
    {
        var html = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/dashboard", _factory.AdminKey, Ct));
        foreach (var id in ProgrammeIds)
        {
            html.ShouldContain($"data-kpi=\"{id}\"");
            html.ShouldContain($"href=\"/dashboard/kpis/{id}\"");
        }
        html.ShouldContain("href=\"/dashboard\"", Case.Sensitive, "the main navigation links the dashboard");
        html.ShouldContain("not measured");
        html.ShouldContain("<select id=\"tier\" name=\"tier\">");
        html.ShouldContain("<select id=\"business_unit\" name=\"business_unit\">");
        html.ShouldContain("data-heatmap=\"inherent\"");
        html.ShouldContain("data-heatmap=\"residual\"");
        html.ShouldContain("Regulatory deadlines");
        html.ShouldContain("amendment, not verified", Case.Sensitive, "the unverified 2026 calendar is flagged");

        var report = await GetJsonAsync("/api/v1/kpis");
        var members = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/dashboard/kpis/rai_coverage", _factory.AdminKey, Ct));
        MemberRow().Matches(members).Count.ShouldBe((int)Kpi(report, "rai_coverage")["denominator"]!.GetValue<double>());
        members.ShouldContain("href=\"/systems/credit-scoring\"");

        var segmented = await GetHtmlAsync(_client, "/dashboard?tier=high", _factory.AdminKey, Ct);
        segmented.ShouldContain("href=\"/dashboard/kpis/rai_coverage?tier=high\"");

        using var unknown = await GetAsync(_client, "/dashboard/kpis/happiness", _factory.AdminKey, Ct);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [GeneratedRegex("<tr data-system=\"[^\"]+\" data-in-numerator=")]
    private static partial Regex MemberRow();
}
