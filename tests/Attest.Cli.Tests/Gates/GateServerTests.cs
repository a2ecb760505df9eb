using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Attest.Cli.Tests.Gates;

/// <summary>`attest gate --server` against a real `attest serve` process, as a CI job would call it.</summary>
public sealed class GateServerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-gate-server-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_CI_gate_reads_the_verdict_from_a_server_with_an_API_key()
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "attest.dll"));
        foreach (var a in new[] { "serve", "--urls", $"http://127.0.0.1:{port}", "--data", _dir, "--demo" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        try
        {
            using (var cts = new CancellationTokenSource(CliRun.StartupCap))
                (await process.StandardOutput.ReadLineAsync(cts.Token)).ShouldNotBeNull().ShouldStartWith("Attest is running at");
            var key = await CliRun.RunAsync("keys", "create", "--data", _dir, "--name", "ci", "--role", "service");
            key.ExitCode.ShouldBe(0, key.Error);
            var token = key.Out.Trim().Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("atk_", StringComparison.Ordinal));
            using var dir = new TempDirectory();
            var junit = dir.File("gate.xml");

            var run = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--server", $"http://127.0.0.1:{port}", "--token", token, "--json", "--junit", junit);

            run.ExitCode.ShouldBe(1, run.Error);
            run.Json["decision"]!.GetValue<string>().ShouldBe("no_go");
            run.Json["model_version"]!.GetValue<string>().ShouldBe("credit-pd-gbm@3.1.0");
            File.Exists(junit).ShouldBeTrue();

            // The same verdict offline, from a bundle the server exported (and signed: serve --demo signs a first checkpoint).
            var bundle = dir.File("bundle.json");
            var export = await CliRun.RunAsync("gate", "export", "--system", "credit-scoring", "--model-version", "3.1.0", "--server", $"http://127.0.0.1:{port}", "--token", token, "--output", bundle);
            export.ExitCode.ShouldBe(0, export.Error);
            export.Out.ShouldContain(", signed by ledger key ");
            var offline = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "3.1.0", "--bundle", bundle, "--json");
            offline.ExitCode.ShouldBe(1, offline.Error);
            offline.Out.ShouldBe(run.Out);

            var unknown = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--model-version", "0.0.0", "--server", $"http://127.0.0.1:{port}", "--token", token);
            unknown.ExitCode.ShouldBe(2);
            unknown.Error.Trim().ShouldStartWith($"attest: --server http://127.0.0.1:{port}: 400 model_version: AI system 'credit-scoring' has no model version '0.0.0'");
            var badToken = await CliRun.RunAsync("gate", "--system", "credit-scoring", "--server", $"http://127.0.0.1:{port}", "--token", "atk_nope");
            badToken.ExitCode.ShouldBe(2);
            badToken.Error.ShouldStartWith($"attest: --server http://127.0.0.1:{port}: 401");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
