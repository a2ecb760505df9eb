using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Attest.Cli.Tests.Fixtures;

namespace Attest.Cli.Tests.Oversight;

/// <summary>The stdlib-only Python client (clients/python) runs its own tests against a real `attest serve --demo` process.</summary>
public sealed class PythonClientTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-python-client-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_Python_client_logs_batches_retries_safely_appeals_and_fetches_traces()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = OversightCommandTests.FreePort();
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
            var service = await KeyAsync("service", "credit-scoring");
            var reviewer = await KeyAsync("reviewer");
            using var http = new HttpClient { BaseAddress = new Uri(server) };
            await SendAsync(http, HttpMethod.Put, "/api/v1/systems/credit-scoring/oversight-policy", engineer,
                "format: attest.oversight-policy/v1\ncontrols: [ATT-OVS-01]\nrules:\n  - { id: declines, when: { output_in: [decline] }, route: human_review, sla: 1d }\n", "application/yaml");
            await SendAsync(http, HttpMethod.Post, "/api/v1/systems/credit-scoring/oversight-policy/versions/1/approve", lead);

            var python = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Fixture.RepoPath("clients/python") };
            foreach (var a in new[] { "-m", "unittest", "-v", "test_attest_client" }) python.ArgumentList.Add(a);
            python.Environment["ATTEST_URL"] = server;
            python.Environment["ATTEST_SERVICE_TOKEN"] = service;
            python.Environment["ATTEST_READER_TOKEN"] = reviewer;
            python.Environment["ATTEST_SYSTEM"] = "credit-scoring";
            python.Environment["ATTEST_MODEL_VERSION"] = "credit-pd-gbm@3.1.0";
            python.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            using var run = Process.Start(python)!;
            var output = run.StandardOutput.ReadToEndAsync(ct);
            var errors = run.StandardError.ReadToEndAsync(ct);
            await run.WaitForExitAsync(ct);
            var report = await output + await errors;
            run.ExitCode.ShouldBe(0, report);
            report.ShouldContain("Ran 5 tests");
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

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }
}
