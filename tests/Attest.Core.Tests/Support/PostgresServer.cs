using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Attest.Core.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL 15 cluster from Debian's package, on a free loopback port: one per test process, started on
/// first use (by a collection or class fixture, <see cref="TestProvider"/> or a web test host) and stopped when the
/// process exits, so a run on PostgreSQL pays for initdb once. Every test gets its own database (<see cref="CreateDatabaseAsync"/>).
/// scripts/test.sh installs the package.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<Task<Cluster>> Shared = new(StartClusterAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _databases;
    private Cluster? _cluster;
    private bool _private;

    /// <summary>The process's cluster, started if it is not running yet.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        return server;
    }

    /// <summary>
    /// A cluster of its own, for a test that stops and starts PostgreSQL (<see cref="StopAsync"/>, <see cref="StartAsync"/>)
    /// without taking the shared one from every other test; removed on dispose.
    /// </summary>
    public static async Task<PostgresServer> PrivateAsync() => new() { _cluster = await StartClusterAsync(), _private = true };

    public async ValueTask InitializeAsync() => _cluster ??= await Shared.Value;

    /// <summary>Stops a private cluster ("fast": open sessions are ended, as by an operator's restart); returns once it is down.</summary>
    public Task StopAsync() => RunAsync(AsRoot, $"{Bin}/pg_ctl", "-D", PrivateCluster.Directory, "-m", "fast", "-w", "stop");

    /// <summary>Starts a private cluster again on its data directory and port; returns once it accepts connections.</summary>
    public Task StartAsync() => StartServerAsync(PrivateCluster);

    private Cluster PrivateCluster => _private && _cluster is not null ? _cluster : throw new InvalidOperationException("Only a private cluster (PrivateAsync) is stopped and started by a test.");

    private static bool AsRoot => Environment.UserName == "root";

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

    /// <summary>
    /// Drops a test's database (<c>WITH (FORCE)</c>: connections a test left open do not block it), so a run's disk use
    /// stays bounded and the cluster is small to remove when the process exits.
    /// </summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={(_cluster ?? throw new InvalidOperationException("PostgresServer is not initialised.")).Port};Username=postgres;Database={database};Pooling=false";

    /// <summary>The shared cluster stops when the process exits; a private one is removed now.</summary>
    public ValueTask DisposeAsync()
    {
        if (_private && _cluster is not null) Stop(_cluster.Directory, AsRoot);
        return ValueTask.CompletedTask;
    }

    private sealed record Cluster(string Directory, int Port);

    private static async Task<Cluster> StartClusterAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
            throw new InvalidOperationException($"PostgreSQL tests need Debian's postgresql package ({Bin}/initdb): apt-get install -y postgresql (scripts/test.sh does this).");
        var dir = Path.Combine(Path.GetTempPath(), "attest-pg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) await RunAsync("chown", "postgres:postgres", dir);
        await RunAsync(asRoot, $"{Bin}/initdb", "-D", dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
        var cluster = new Cluster(dir, port);
        await StartServerAsync(cluster);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(dir, asRoot);
        return cluster;
    }

    private static Task StartServerAsync(Cluster cluster) => RunAsync(AsRoot, $"{Bin}/pg_ctl", "-D", cluster.Directory, "-w", "-l", Path.Combine(cluster.Directory, "server.log"),
        "-o", $"-p {cluster.Port} -c listen_addresses=127.0.0.1 -k {cluster.Directory} -c fsync=off -c max_connections=300", "start");

    private static void Stop(string dir, bool asRoot)
    {
        try { RunAsync(asRoot, $"{Bin}/pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop").GetAwaiter().GetResult(); }
        catch (InvalidOperationException) { }
        finally { try { System.IO.Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
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
