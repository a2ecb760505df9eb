using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Attest.Cli.Tests.Oversight;

/// <summary>
/// `attest trace`, `attest trace verify` and `attest oversight report` against a real `attest serve --demo` process: a
/// decision logged by the system's service key, overridden by a reviewer, fetched, verified offline (and caught when
/// edited), and the period's oversight stored as evidence.
/// </summary>
[Collection(DemoServerCollection.Name)]
public sealed class OversightCommandTests(DemoServerFixture server)
{
    private string _dir => server.DataDirectory;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_fetch_a_decisions_trace_verify_it_offline_and_store_the_oversight_report_as_evidence()
    {
        var url = server.Url;
        var reviewer = await server.KeyAsync("reviewer");
        var lead = await server.KeyAsync("governance_lead");
        var service = await server.KeyAsync("service", "card-fraud-detection");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        {
            var occurred = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var decision = await SendAsync(http, HttpMethod.Post, "/api/v1/decisions", service,
                $$$"""{"system":"card-fraud-detection","model_version":"fraud-gbm@5.3.1","external_id":"cli-42","occurred_at":"{{{occurred}}}","input":{"application":42},"output":"decline","confidence":0.91,"factors":{"debt_to_income":0.52}}""");
            var id = decision["id"]!.GetValue<string>();
            var item = decision["queue_item"]!.GetValue<string>();
            await SendAsync(http, HttpMethod.Post, $"/api/v1/oversight/queue/{item}/claim", reviewer);
            await SendAsync(http, HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer,
                """{"outcome":"overridden","final_output":"approve","rationale":"Payslips show the debt ratio is out of date."}""");

            using var dir = new TempDirectory();
            var file = dir.File("trace.json");
            var trace = await CliRun.RunAsync("trace", id, "--server", url, "--token", reviewer, "--out", file);
            trace.ExitCode.ShouldBe(0, trace.Error);
            trace.Out.ShouldContain($"decision    {id} of card-fraud-detection (external id cli-42)");
            trace.Out.ShouldContain("route human_review because declines");
            trace.Out.ShouldContain("review      overridden by ");
            trace.Out.ShouldContain("final output approve: Payslips show the debt ratio is out of date.");
            var json = await CliRun.RunAsync("trace", id, "--server", url, "--token", reviewer, "--json");
            json.Json["review"]!["outcome"]!.GetValue<string>().ShouldBe("overridden");

            var key = await CliRun.RunAsync("ledger", "public-key", "--data", _dir);
            key.ExitCode.ShouldBe(0, key.Error);
            var pem = dir.File("ledger.pem", key.Out);
            var verified = await CliRun.RunAsync("trace", "verify", file, "--trusted-key", pem);
            verified.ExitCode.ShouldBe(0, verified.Out + verified.Error);
            verified.Out.ShouldContain("valid: ");

            // An edit anywhere a person would look is caught: the shown output no longer matches the hashed decision.
            var tampered = dir.File("tampered.json", (await File.ReadAllTextAsync(file, Ct)).Replace("\"output\":\"decline\"", "\"output\":\"approve\"", StringComparison.Ordinal));
            var caught = await CliRun.RunAsync("trace", "verify", tampered);
            caught.ExitCode.ShouldBe(1, caught.Out + caught.Error);
            caught.Out.ShouldContain("FAIL  decision.output");
            (await CliRun.RunAsync("trace", "verify", dir.File("junk.json", "{\"not\":\"a trace\"}"))).ExitCode.ShouldBe(2);
            (await CliRun.RunAsync("trace", "verify", dir.File("missing.json"))).ExitCode.ShouldBe(2);

            var day = DateTimeOffset.UtcNow.Date;
            var report = await CliRun.RunAsync("oversight", "report", "--system", "card-fraud-detection", "--from", day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "--to", day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--server", url, "--token", lead, "--json");
            report.ExitCode.ShouldBe(0, report.Error);
            report.Json["decisions"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
            report.Json["overridden"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
            var evidenceId = report.Json["evidence"]!["id"]!.GetValue<string>();
            var evidence = await SendAsync(http, HttpMethod.Get, $"/api/v1/evidence/{evidenceId}", lead);
            evidence["type"]!.GetValue<string>().ShouldBe("oversight_report");
            evidence.ToJsonString().ShouldContain("ATT-OVS-01");

            var refused = await CliRun.RunAsync("oversight", "report", "--system", "card-fraud-detection", "--from", "2026-13-01", "--server", url, "--token", lead);
            refused.ExitCode.ShouldBe(2);
            refused.Error.ShouldContain("--from '2026-13-01'");
        }
    }

    private static async Task<JsonNode> SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        ((int)response.StatusCode).ShouldBeInRange(200, 299, $"{method} {url}: {text}");
        return JsonNode.Parse(text)!;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
