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
public sealed class OversightCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-oversight-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task I_can_fetch_a_decisions_trace_verify_it_offline_and_store_the_oversight_report_as_evidence()
    {
        var port = FreePort();
        var server = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--urls", server, "--data", _dir, "--demo" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        try
        {
            using (var cts = new CancellationTokenSource(CliRun.StartupCap))
                (await process.StandardOutput.ReadLineAsync(cts.Token)).ShouldNotBeNull().ShouldStartWith("Attest is running at");
            var engineer = await KeyAsync("ml_engineer", "credit-scoring");
            var lead = await KeyAsync("governance_lead");
            var reviewer = await KeyAsync("reviewer");
            var service = await KeyAsync("service", "credit-scoring");
            using var http = new HttpClient { BaseAddress = new Uri(server) };

            const string policy = """
                format: attest.oversight-policy/v1
                controls: [ATT-OVS-01]
                rules:
                  - { id: declines, when: { output_in: [decline] }, route: human_review, sla: 1d }
                """;
            var proposed = await SendAsync(http, HttpMethod.Put, "/api/v1/systems/credit-scoring/oversight-policy", engineer, policy, "application/yaml");
            (await SendAsync(http, HttpMethod.Post, $"/api/v1/systems/credit-scoring/oversight-policy/versions/{proposed["version"]}/approve", lead))["status"]!
                .GetValue<string>().ShouldBe("in_force");
            var occurred = DateTimeOffset.UtcNow.AddMinutes(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var decision = await SendAsync(http, HttpMethod.Post, "/api/v1/decisions", service,
                $$$"""{"system":"credit-scoring","model_version":"credit-pd-gbm@3.1.0","external_id":"app-42","occurred_at":"{{{occurred}}}","input":{"application":42},"output":"decline","confidence":0.91,"factors":{"debt_to_income":0.52}}""");
            var id = decision["id"]!.GetValue<string>();
            var item = decision["queue_item"]!.GetValue<string>();
            await SendAsync(http, HttpMethod.Post, $"/api/v1/oversight/queue/{item}/claim", reviewer);
            await SendAsync(http, HttpMethod.Post, $"/api/v1/oversight/queue/{item}/resolve", reviewer,
                """{"outcome":"overridden","final_output":"approve","rationale":"Payslips show the debt ratio is out of date."}""");

            using var dir = new TempDirectory();
            var file = dir.File("trace.json");
            var trace = await CliRun.RunAsync("trace", id, "--server", server, "--token", reviewer, "--out", file);
            trace.ExitCode.ShouldBe(0, trace.Error);
            trace.Out.ShouldContain($"decision    {id} of credit-scoring (external id app-42)");
            trace.Out.ShouldContain("route human_review because declines");
            trace.Out.ShouldContain("review      overridden by ");
            trace.Out.ShouldContain("final output approve: Payslips show the debt ratio is out of date.");
            var json = await CliRun.RunAsync("trace", id, "--server", server, "--token", reviewer, "--json");
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
            var report = await CliRun.RunAsync("oversight", "report", "--system", "credit-scoring", "--from", day.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "--to", day.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "--server", server, "--token", lead, "--json");
            report.ExitCode.ShouldBe(0, report.Error);
            report.Json["decisions"]!.GetValue<int>().ShouldBe(1);
            report.Json["overridden"]!.GetValue<int>().ShouldBe(1);
            var evidenceId = report.Json["evidence"]!["id"]!.GetValue<string>();
            var evidence = await SendAsync(http, HttpMethod.Get, $"/api/v1/evidence/{evidenceId}", lead);
            evidence["type"]!.GetValue<string>().ShouldBe("oversight_report");
            evidence.ToJsonString().ShouldContain("ATT-OVS-01");

            var refused = await CliRun.RunAsync("oversight", "report", "--system", "credit-scoring", "--from", "2026-13-01", "--server", server, "--token", lead);
            refused.ExitCode.ShouldBe(2);
            refused.Error.ShouldContain("--from '2026-13-01'");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private async Task<string> KeyAsync(string role, string? system = null)
    {
        var args = new List<string> { "keys", "create", "--data", _dir, "--name", role, "--role", role };
        if (system is not null) args.AddRange(["--system", system]);
        var key = await CliRun.RunAsync([.. args]);
        key.ExitCode.ShouldBe(0, key.Error);
        return key.Out.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("atk_", StringComparison.Ordinal));
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
