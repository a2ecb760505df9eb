using System.Net;
using Attest.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Attest.Web.Tests.Operations;

/// <summary>/metrics: Prometheus text with the Attest meter, only when enabled and only to a loopback caller.</summary>
public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string> Enabled = new() { ["Attest:Metrics:Enabled"] = "true" };

    [Fact]
    public async Task A_loopback_scraper_reads_request_metrics_and_the_Attest_meter()
    {
        await using var factory = new AttestWebFactory(settings: Enabled) { RemoteAddress = IPAddress.Loopback };
        using var client = factory.CreateAnonymousClient();
        (await client.GetAsync("/health", Ct)).EnsureSuccessStatusCode();

        var response = await client.GetAsync("/metrics", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync(Ct);
        text.ShouldContain("attest_ledger_entries");
        text.ShouldContain("attest_review_open");
        text.ShouldContain("attest_review_oldest_open_age_seconds");
        text.ShouldContain("attest_decisions_stored");
        text.ShouldContain("http_server_request_duration_seconds");
    }

    [Fact]
    public async Task Another_address_gets_nothing()
    {
        await using var factory = new AttestWebFactory(settings: Enabled) { RemoteAddress = IPAddress.Parse("203.0.113.9") };
        using var client = factory.CreateAnonymousClient();

        (await client.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_request_forwarded_by_a_proxy_on_the_same_host_gets_nothing()
    {
        await using var factory = new AttestWebFactory(settings: Enabled) { RemoteAddress = IPAddress.Loopback };
        using var client = factory.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");

        (await client.SendAsync(request, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Off_by_default()
    {
        await using var factory = new AttestWebFactory { RemoteAddress = IPAddress.Loopback };
        using var client = factory.CreateAnonymousClient();

        (await client.GetAsync("/metrics", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        factory.Services.GetService<TracerProvider>().ShouldBeNull("no traces are exported unless an OTLP endpoint is set");
    }

    [Fact]
    public async Task An_OTLP_endpoint_turns_traces_on()
    {
        await using var factory = new AttestWebFactory(settings: new Dictionary<string, string> { ["Attest:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" });
        using var client = factory.CreateAnonymousClient();
        (await client.GetAsync("/health", Ct)).EnsureSuccessStatusCode();

        factory.Services.GetService<TracerProvider>().ShouldNotBeNull();
    }
}
