using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Attest.Cli.Tests;

/// <summary>
/// `attest serve` refuses a database it cannot use at start: one line on stderr, exit 2, no stack trace, and no
/// server left half-running (a supervisor restarting it would otherwise loop on the same failure).
/// </summary>
public sealed class ServeStartupRefusalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-refusal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Serve_with_a_PostgreSQL_server_that_cannot_be_reached_exits_2_with_one_line()
    {
        // A port nothing listens on: the connection is refused at once.
        var connection = $"Host=127.0.0.1;Port={FreePort()};Database=attest;Username=attest;Password=wrong;Timeout=5";

        var (code, stdout, stderr) = await ServeAsync("--postgres", connection);

        code.ShouldBe(2);
        stderr.Trim().ShouldStartWith("attest: Cannot reach the PostgreSQL database");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        stderr.ShouldNotContain("Password=wrong");
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Serve_with_a_malformed_PostgreSQL_connection_string_exits_2_with_one_line()
    {
        var (code, stdout, stderr) = await ServeAsync("--postgres", "Host=127.0.0.1;Colour=blue");

        code.ShouldBe(2);
        stderr.Trim().ShouldStartWith("attest: ");
        stderr.ShouldContain("PostgreSQL connection string");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        (stdout + stderr).ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Serve_on_a_database_migrated_by_a_newer_Attest_is_refused_naming_the_version()
    {
        (await CliRun.Of("db", "migrate", "--data", _dir)).ExitCode.ShouldBe(0);
        const string Future = "29991231000000_WrittenByANewerAttest";
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_dir, "attest.db")};Pooling=false"))
        {
            await db.OpenAsync(TestContext.Current.CancellationToken);
            await using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO __ef_migrations (MigrationId, ProductVersion) VALUES ($id, '99.0.0')";
            insert.Parameters.AddWithValue("$id", Future);
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var (code, stdout, stderr) = await ServeAsync("--data", _dir);

        code.ShouldBe(2);
        stderr.Trim().ShouldStartWith("attest: ");
        stderr.ShouldContain($"'{Future}', newer than this Attest knows");
        stderr.Trim().Split('\n').Length.ShouldBe(1);
        (stdout + stderr).ShouldNotContain("   at ");
    }

    private async Task<(int Code, string Stdout, string Stderr)> ServeAsync(params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "attest.dll"));
        foreach (var a in (string[])["serve", "--urls", $"http://127.0.0.1:{FreePort()}", .. args])
            info.ArgumentList.Add(a);
        if (!args.Contains("--data")) info.Environment["ATTEST_DATA"] = _dir;
        using var process = Process.Start(info)!;
        try
        {
            using var cap = CancellationTokenSource.CreateLinkedTokenSource(ct);
            cap.CancelAfter(CliRun.StartupCap);
            var stdout = process.StandardOutput.ReadToEndAsync(cap.Token);
            var stderr = await process.StandardError.ReadToEndAsync(cap.Token);
            await process.WaitForExitAsync(cap.Token);
            return (process.ExitCode, await stdout, stderr);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
