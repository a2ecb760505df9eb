using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Attest.Cli.Tests.Oversight;

/// <summary>
/// One `attest serve --demo` process shared by the oversight CLI and client tests (starting the demo costs minutes on a
/// loaded machine), with an oversight policy in force for card-fraud-detection that sends every decline to a person.
/// </summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    /// <summary>A cap, not a delay: the fixture waits for the server's own first line.</summary>
    private static readonly TimeSpan StartupCap = TimeSpan.FromMinutes(10);

    private Process? _process;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "attest-oversight-server-" + Guid.NewGuid().ToString("N"));
    public string Url { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        Url = $"http://127.0.0.1:{OversightCommandTests.FreePort()}";
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--urls", Url, "--data", DataDirectory, "--demo" }) info.ArgumentList.Add(a);
        _process = Process.Start(info)!;
        using (var cts = new CancellationTokenSource(StartupCap))
            (await _process.StandardOutput.ReadLineAsync(cts.Token)).ShouldNotBeNull().ShouldStartWith("Attest is running at");
        var engineer = await KeyAsync("ml_engineer", "card-fraud-detection");
        var lead = await KeyAsync("governance_lead");
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        await SendAsync(http, HttpMethod.Put, "/api/v1/systems/card-fraud-detection/oversight-policy", engineer,
            "format: attest.oversight-policy/v1\ncontrols: [ATT-OVS-01]\nrules:\n  - { id: declines, when: { output_in: [decline] }, route: human_review, sla: 1d }\n", "application/yaml");
        await SendAsync(http, HttpMethod.Post, "/api/v1/systems/card-fraud-detection/oversight-policy/versions/1/approve", lead);
    }

    public async Task<string> KeyAsync(string role, string? system = null)
    {
        var args = new List<string> { "keys", "create", "--data", DataDirectory, "--name", role, "--role", role };
        if (system is not null) args.AddRange(["--system", system]);
        var key = await CliRun.RunAsync([.. args]);
        key.ExitCode.ShouldBe(0, key.Error);
        return key.Out.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("atk_", StringComparison.Ordinal));
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string url, string token, string? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, CancellationToken.None);
        response.IsSuccessStatusCode.ShouldBeTrue($"{method} {url}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            _process.Dispose();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class DemoServerCollection : ICollectionFixture<DemoServerFixture>
{
    public const string Name = "oversight demo server";
}
