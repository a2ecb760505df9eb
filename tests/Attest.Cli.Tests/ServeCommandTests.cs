using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

/// <summary>`attest serve` as a real process: the way operators and the README start it.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-serve-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Serve_starts_with_the_demo_portfolio_prints_its_URL_and_stops_cleanly_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort();
        using var process = Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data", _dir, "--demo");
        try
        {
            var line = await ReadLineAsync(process, CliRun.StartupCap);
            line.ShouldStartWith($"Attest is running at http://127.0.0.1:{port}");

            // The demo's people are users a newcomer signs in as; a demo is therefore not in setup mode.
            (await ReadLineAsync(process, CliRun.StartupCap)).ShouldBe("Demo users (password 'northwind-demo'):");
            (await ReadLineAsync(process, CliRun.StartupCap)).ShouldStartWith("  lena.fischer    Lena Fischer (AI governance lead)");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            (await http.GetAsync("/health", ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await http.GetAsync("/api/v1/systems", ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(CliRun.StartupCap);
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0);
            var systems = await CliRun.Of("systems", "list", "--data", _dir, "--json");
            systems.Json["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(12);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Serve_on_a_corrupt_database_exits_2_with_one_line_instead_of_crash_looping()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, "attest.db"), new string('x', 4096), TestContext.Current.CancellationToken);

        using var process = Start("serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data", _dir);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(2);
        stderr.Trim().ShouldStartWith("attest: ");
        stderr.ShouldContain("not a readable Attest database");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Serve_with_an_unreachable_nats_url_exits_2_with_one_line()
    {
        var nats = $"nats://127.0.0.1:{FreePort()}";
        using var process = Start("serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data", _dir, "--nats", nats);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(2);
        stderr.Trim().ShouldStartWith("attest: ");
        stderr.ShouldContain($"--nats {nats}: cannot connect to NATS");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Serve_with_a_malformed_control_file_in_the_data_directory_exits_2_naming_file_line_and_field()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "controls"));
        var file = Path.Combine(_dir, "controls", "acme.yaml");
        await File.WriteAllTextAsync(file, "format: attest.controls/v1\ngroup:\n  id: acme\n  title: Acme\ncontrols:\n  - id: ACME-01\n    title: Only a title\n",
            TestContext.Current.CancellationToken);

        using var process = Start("serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data", _dir);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(2);
        // The control starts on line 6; objective, evidence, renewal_months and mappings are missing (docs/controls.md).
        stderr.Trim().ShouldStartWith($"attest: {file}:6: controls[0].objective: required key is missing");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Serve_with_an_unknown_calendar_exits_2_listing_the_calendars()
    {
        using var process = Start("serve", "--urls", $"http://127.0.0.1:{FreePort()}", "--data", _dir, "--calendar", "eu-ai-act-2030");
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(2);
        stderr.Trim().ShouldBe("attest: configuration: Attest:Calendar: unknown calendar \"eu-ai-act-2030\"; expected one of eu-ai-act, eu-ai-act-omnibus-2026");
    }

    [Fact]
    public async Task Serve_on_a_busy_port_exits_2_with_one_line_and_no_stack_trace()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        using var process = Start("serve", "--urls", $"http://127.0.0.1:{port}", "--data", _dir);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(2);
        stderr.Trim().ShouldStartWith($"attest: cannot listen on http://127.0.0.1:{port}: ");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        (await stdout).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_table_written_to_a_pipe_keeps_each_row_on_one_line()
    {
        // Redirected stdout is a pipe: rows must not wrap at the 80 columns a terminal-less console would assume.
        using var process = Start("controls", "list");
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        process.ExitCode.ShouldBe(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Max(l => l.Length).ShouldBeGreaterThan(120);
        stdout.ShouldNotContain("\u001b[");
        // Every control id starts its own row: none is pushed onto a continuation line.
        lines.Count(l => l.Contains("ATT-GOV-01", StringComparison.Ordinal)).ShouldBe(1);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "attest.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    private static async Task<string> ReadLineAsync(Process process, TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        var line = await process.StandardOutput.ReadLineAsync(cts.Token);
        return line ?? throw new InvalidOperationException("attest serve exited: " + await process.StandardError.ReadToEndAsync(cts.Token));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
