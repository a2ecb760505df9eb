using System.Net;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Api;

/// <summary>The regulatory calendar in force is chosen by configuration (Attest:Calendar / ATTEST_CALENDAR).</summary>
public sealed class CalendarConfigurationTests : IAsyncLifetime
{
    private readonly AttestWebFactory _factory = new(settings: new Dictionary<string, string> { ["Attest:Calendar"] = "eu-ai-act-omnibus-2026" });
    private HttpClient _client = null!;

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

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_unverified_amendment_calendar_dates_obligations_and_the_UI_says_it_is_unverified()
    {
        (await _client.PostJsonAsync("/api/v1/systems", Json.SystemJson())).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/systems/resume-screening/intake")
        {
            Content = Json.Body(Json.ResumeScreenerIntake),
        };

        var response = await _client.SendAsync(put, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.ReadAsync();
        body["calendar"]!["name"]!.GetValue<string>().ShouldBe("eu-ai-act-omnibus-2026");
        body["calendar"]!["verified"]!.GetValue<bool>().ShouldBeFalse();
        // data/calendar/eu-ai-act-omnibus-2026.yaml: Annex III obligations reportedly postponed to 2 Dec 2027.
        var art9 = body["computed"]!["eu_ai_act"]!["obligations"]!.AsArray().Single(o => o!["article"]!.GetValue<string>() == "Art 9")!;
        art9["applies_from"]!.GetValue<string>().ShouldBe("2027-12-02");
        var page = await _client.GetStringAsync("/systems/resume-screening", Ct);
        page.ShouldContain("Regulatory calendar in force: <strong>eu-ai-act-omnibus-2026</strong>");
        page.ShouldContain("UNVERIFIED");
    }
}
