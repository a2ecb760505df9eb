using Attest.Core.Data;
using Npgsql;

namespace Attest.Core.Tests.Support;

/// <summary>
/// The database provider of the whole test run: SQLite by default; with <c>ATTEST_TEST_DATABASE=postgres</c> every
/// <see cref="TestDatabase"/> that does not name a database gets its own PostgreSQL database — one server per test
/// process, each database a copy of a template migrated once (<c>CREATE DATABASE … TEMPLATE</c>), so the same suites
/// prove both providers (scripts/test.sh --postgres).
/// </summary>
public static class TestProvider
{
    public const string Variable = "ATTEST_TEST_DATABASE";

    private static readonly Lazy<Task<(PostgresServer Server, string Template)>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static bool IsPostgres => string.Equals(Environment.GetEnvironmentVariable(Variable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A fresh, migrated PostgreSQL database when the run is on PostgreSQL; otherwise null (SQLite).</summary>
    public static async Task<string?> DatabaseAsync()
    {
        if (!IsPostgres) return null;
        var (server, template) = await Shared.Value;
        return await server.CreateDatabaseAsync(template);
    }

    /// <summary>Drops a database made by <see cref="DatabaseAsync"/> (a test's, when it is done with it).</summary>
    public static async Task DropAsync(string connectionString)
    {
        var (server, _) = await Shared.Value;
        await server.DropDatabaseAsync(connectionString);
    }

    /// <summary>The process's PostgreSQL cluster (<see cref="PostgresServer"/>) and the name of its migrated template database.</summary>
    public static Task<(PostgresServer Server, string Template)> PostgresAsync() => Shared.Value;

    private static async Task<(PostgresServer, string)> StartAsync()
    {
        var server = await PostgresServer.SharedAsync();
        var template = await server.CreateDatabaseAsync();
        await AttestDatabase.MigrateAsync(DatabaseSettings.Resolve(Path.Combine(Path.GetTempPath(), "attest-template-" + Guid.NewGuid().ToString("N")), template));
        NpgsqlConnection.ClearAllPools();
        return (server, new NpgsqlConnectionStringBuilder(template).Database!);
    }
}
