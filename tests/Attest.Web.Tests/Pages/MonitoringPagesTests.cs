using System.Net;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using static Attest.Web.Tests.Support.PageForms;

namespace Attest.Web.Tests.Pages;

/// <summary>
/// Production monitoring in the UI: a plan written on the monitoring page, a run that breaches and opens an alert and an
/// incident, the alert and incident lists, and the incident page's workflow, containment and review forms.
/// </summary>
public sealed partial class MonitoringPagesTests : IAsyncLifetime
{
    private const string Plan = """
        format: attest.monitoring-plan/v1
        signals:
          - {id: traffic, kind: volume, window: {last: 1d}, comparator: "<", threshold: 1000000, every: 1d, severity: high, open_incident: true}
        """;

    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _client = null!;
    private string _lead = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _client = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        _lead = (await _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "lead", Roles = ["governance_lead"] }, CallerIdentity.Attest, Ct)).Value!)).Secret;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task A_plan_saved_and_run_on_the_monitoring_page_breaches_charts_alerts_and_opens_an_incident_with_its_deadlines()
    {
        var empty = await GetHtmlAsync(_client, "/systems/credit-scoring/monitoring", _lead, Ct);
        empty.ShouldContain("id=\"no-plan\"");

        var (_, saved) = await PostAsync(_client, "/systems/credit-scoring/monitoring", "save-plan", new Dictionary<string, string> { ["plan"] = Plan }, _lead, Ct);
        saved.ShouldContain("Plan version 1");
        saved.ShouldContain("Volume:");
        saved.ShouldContain("not evaluated yet");

        var (_, ran) = await PostAsync(_client, "/systems/credit-scoring/monitoring", "run", new Dictionary<string, string>(), _lead, Ct);
        ran.ShouldContain("Ran the monitoring plan");
        ran.ShouldContain("<svg");
        ran.ShouldContain("past the threshold");
        ran.ShouldContain("class=\"badge red\">breached</span>");
        var incidentId = IncidentLink().Match(ran).Groups[1].Value;
        incidentId.ShouldStartWith("inc_", Case.Sensitive, "a high alert of a signal with open_incident opens an incident");

        var alerts = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/alerts", _lead, Ct));
        alerts.ShouldContain("Volume: count");
        alerts.ShouldContain($"/incidents/{incidentId}");

        var incidents = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/incidents", _lead, Ct));
        incidents.ShouldContain($"/incidents/{incidentId}");
        incidents.ShouldContain("left");

        var home = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/", _lead, Ct));
        home.ShouldContain("Monitoring coverage in production");
        using (var coverage = await GetAsync(_client, "/api/v1/monitoring/coverage", _lead, Ct))
            (await coverage.Content.ReadAsStringAsync(Ct)).ShouldContain("\"target\":0.95");

        var page = WebUtility.HtmlDecode(await GetHtmlAsync(_client, $"/incidents/{incidentId}", _lead, Ct));
        page.ShouldContain("id=\"incident-status\">open</span>");
        page.ShouldContain("Deadlines");
        page.ShouldContain("internal");
    }

    [Fact]
    public async Task An_overdue_incident_deadline_shows_on_the_alerts_page_in_words_with_its_incident()
    {
        var now = DateTimeOffset.UtcNow;
        var incident = await _factory.WithServiceAsync<Attest.Core.Features.Incidents.ReportIncident, Attest.Core.Features.Incidents.IncidentDto>(async c =>
            (await c.ExecuteAsync("credit-scoring", new Attest.Core.Features.Incidents.IncidentInput
            {
                Title = "Applicant data sent to the wrong branch",
                Severity = Attest.Engine.Gates.IncidentSeverity.Severe,
                OccurredAt = now.AddDays(-4),
                AwareAt = now.AddDays(-3),
                PersonalDataBreach = true,
            }, CallerIdentity.Attest, Ct)).Value!);
        (await _factory.WithServiceAsync<Attest.Core.Features.Monitoring.RaiseOverdueDeadlines, int>(r => r.ExecuteAsync(Ct))).ShouldBeGreaterThanOrEqualTo(3);

        var alerts = WebUtility.HtmlDecode(await GetHtmlAsync(_client, "/alerts", _lead, Ct));
        alerts.ShouldContain("Overdue deadline: supervisory authority notification</strong> (GDPR Art 33)");
        alerts.ShouldContain("Overdue deadline: triage</strong> (internal deadline)");
        alerts.ShouldContain($"<a href=\"/incidents/{incident.Id}\">The incident whose deadline this is</a>");
        alerts.ShouldNotContain("deadline:gdpr_art33", Case.Sensitive, "the signal id is not shown to people");
    }

    [Fact]
    public async Task The_incident_page_moves_contains_and_reviews_the_incident_and_refuses_what_the_workflow_forbids()
    {
        await PostAsync(_client, "/systems/credit-scoring/monitoring", "save-plan", new Dictionary<string, string> { ["plan"] = Plan }, _lead, Ct);
        var (_, ran) = await PostAsync(_client, "/systems/credit-scoring/monitoring", "run", new Dictionary<string, string>(), _lead, Ct);
        var id = IncidentLink().Match(ran).Groups[1].Value;
        var path = $"/incidents/{id}";
        string Version(string html) => VersionField().Match(html).Groups[1].Value;

        var page = await GetHtmlAsync(_client, path, _lead, Ct);
        var (_, moved) = await PostAsync(_client, path, "move", new Dictionary<string, string> { ["status"] = "triaged", ["note"] = "on it", ["version"] = Version(page) }, _lead, Ct);
        moved.ShouldContain("id=\"incident-status\">triaged</span>");

        var (_, contained) = await PostAsync(_client, path, "contain", new Dictionary<string, string> { ["kind"] = "pause_deployment", ["note"] = "stop new decisions", ["version"] = Version(moved) }, _lead, Ct);
        contained.ShouldContain("Recorded on the incident");
        WebUtility.HtmlDecode(contained).ShouldContain("pause deployment");

        var (_, reviewed) = await PostAsync(_client, path, "review", new Dictionary<string, string>
        {
            ["root_cause"] = "monitoring_gap",
            ["governance_gap"] = "Nobody watched the decision volume after launch.",
            ["action_description"] = "Add a volume control to the library",
            ["action_owner"] = "Lena Fischer",
            ["action_due"] = "2027-01-31",
            ["action_kind"] = "control_change",
            ["control_id"] = "ORG-VOL-01",
            ["control_title"] = "Decision volume monitored",
            ["control_objective"] = "Decision volume per day is monitored with an alert route.",
            ["control_evidence"] = "monitoring_plan",
            ["control_mappings"] = "eu-ai-act:art-72",
            ["version"] = Version(contained),
        }, _lead, Ct);
        reviewed.ShouldContain("id=\"review-record\"");
        WebUtility.HtmlDecode(reviewed).ShouldContain("Nobody watched the decision volume after launch.");

        // A stale version is refused in words on the page, not with a 500.
        var (staleResponse, stale) = await PostAsync(_client, path, "move", new Dictionary<string, string> { ["status"] = "contained", ["version"] = "1" }, _lead, Ct);
        staleResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        stale.ShouldContain("id=\"form-errors\"");
    }

    [GeneratedRegex("href=\"/incidents/(inc_[^\"#]+)\"")]
    private static partial Regex IncidentLink();

    [GeneratedRegex("name=\"version\" value=\"(\\d+)\"")]
    private static partial Regex VersionField();
}
