using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Attest.Core.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL 15 cluster from Debian's package, on a free loopback port, started once for
/// the test collection and removed afterwards. scripts/test.sh installs the package.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-pg-" + Guid.NewGuid().ToString("N"));
    private int _port;
    private int _databases;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL tests need Debian's postgresql package ({Bin}/initdb): apt-get install -y postgresql (scripts/test.sh does this).");
        Directory.CreateDirectory(_dir);
        _port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", "postgres:postgres", _dir);
        await RunAsync(asRoot, $"{Bin}/initdb", "-D", _dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        await StartAsync();
    }

    /// <summary>Starts the server on its data directory and port (again, after <see cref="StopAsync"/>); returns once it accepts connections.</summary>
    public Task StartAsync() => RunAsync(Environment.UserName == "root", $"{Bin}/pg_ctl", "-D", _dir, "-w", "-l", Path.Combine(_dir, "server.log"),
        "-o", $"-p {_port} -c listen_addresses=127.0.0.1 -k {_dir} -c fsync=off", "start");

    /// <summary>Stops the server ("fast": open sessions are ended, as by an operator's restart); returns once it is down.</summary>
    public Task StopAsync() => RunAsync(Environment.UserName == "root", $"{Bin}/pg_ctl", "-D", _dir, "-m", "fast", "-w", "stop");

    /// <summary>A new database for one test: empty, or a copy of <paramref name="template"/> (a database name; fast, file-level copy).</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = $"attest_test_{Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}{(template is null ? "" : " TEMPLATE " + template)}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Pooling=false";

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(Environment.UserName == "root", $"{Bin}/pg_ctl", "-D", _dir, "-m", "fast", "-w", "stop"); }
        finally { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    private static Task RunAsync(bool asPostgres, string file, params string[] args) =>
        asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
