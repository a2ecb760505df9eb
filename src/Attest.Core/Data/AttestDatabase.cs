using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Attest.Core.Data;

/// <summary>Opens, creates and migrates the database, refusing files it cannot trust.</summary>
public static class AttestDatabase
{
    // Options are immutable and shared by every context of one database, as AddDbContext does: building them anew for each
    // request made EF look its internal services up again each time (a measurable share of a single-decision ask).
    private static readonly ConcurrentDictionary<(DatabaseProvider, string), DbContextOptions> OptionsByDatabase = new();

    public static AttestDbContext CreateContext(DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = OptionsByDatabase.GetOrAdd((settings.Provider, settings.ConnectionString), key => key.Item1 switch
        {
            DatabaseProvider.Sqlite => new DbContextOptionsBuilder<SqliteAttestDbContext>()
                .UseSqlite(key.Item2, o => o.MigrationsHistoryTable("__ef_migrations"))
                .AddInterceptors(SqliteConnectionPragmas.Instance)
                .Options,
            DatabaseProvider.Postgres => new DbContextOptionsBuilder<PostgresAttestDbContext>()
                .UseNpgsql(key.Item2, o => o.MigrationsHistoryTable("__ef_migrations"))
                .Options,
            _ => throw new ArgumentOutOfRangeException(nameof(settings)),
        });
        return settings.Provider == DatabaseProvider.Sqlite
            ? new SqliteAttestDbContext((DbContextOptions<SqliteAttestDbContext>)options)
            : new PostgresAttestDbContext((DbContextOptions<PostgresAttestDbContext>)options);
    }

    /// <summary>
    /// Applies pending migrations. Fails with <see cref="DatabaseStartupException"/> (a message for the
    /// operator, not a stack trace) when the file is not a database or was written by a newer Attest.
    /// </summary>
    public static async Task<MigrationReport> MigrateAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
            Directory.CreateDirectory(settings.DataDirectory);
        await using var db = CreateContext(settings);
        try
        {
            var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
            var unknown = applied.Where(m => !known.Contains(m)).ToList();
            if (unknown.Count > 0)
                throw new DatabaseStartupException(
                    $"The database at {Describe(settings)} has schema version '{unknown[^1]}', newer than this Attest knows (latest '{known.Max(StringComparer.Ordinal)}'). Upgrade Attest or use another data directory.");
            var pending = known.Except(applied, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            await db.Database.MigrateAsync(ct);
            if (settings.Provider == DatabaseProvider.Sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            return new MigrationReport(applied.Count, pending);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 or 11) // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            throw new DatabaseStartupException(NotReadable(settings, e.SqliteErrorCode));
        }
        catch (NpgsqlException e)
        {
            throw new DatabaseStartupException($"Cannot reach the PostgreSQL database: {e.Message}");
        }
    }

    internal static string NotReadable(DatabaseSettings settings, int sqliteErrorCode) =>
        $"{Describe(settings)} is not a readable Attest database ({(sqliteErrorCode == 26 ? "not a database file" : "the file is corrupt")}). Restore it from a backup or point --data at another directory.";

    private static string Describe(DatabaseSettings settings) => settings.Provider == DatabaseProvider.Sqlite
        ? Path.Combine(settings.DataDirectory, DatabaseSettings.SqliteFileName)
        : "the configured PostgreSQL database";
}

/// <summary>Opening an existing database without changing it.</summary>
public static class ReadOnlyDatabase
{
    /// <summary>
    /// Settings that open the database read-only (SQLite <c>Mode=ReadOnly</c>), after checking that its schema is this
    /// Attest's: a database that needs migrating, or one written by a newer Attest, is refused with what to do — a
    /// read-only command never migrates.
    /// </summary>
    public static async Task<DatabaseSettings> OpenAsync(DatabaseSettings settings, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var readOnly = settings.Provider == DatabaseProvider.Sqlite ? settings with { ConnectionString = settings.ConnectionString + ";Mode=ReadOnly" } : settings;
        await using var db = AttestDatabase.CreateContext(readOnly);
        IReadOnlyList<string> applied;
        try
        {
            applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 26 or 11) // SQLITE_NOTADB, SQLITE_CORRUPT
        {
            throw new DatabaseStartupException(AttestDatabase.NotReadable(settings, e.SqliteErrorCode));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw new DatabaseStartupException($"{settings.DataDirectory}: the database cannot be read ({e.Message}).");
        }
        var known = db.Database.GetMigrations().ToList();
        if (applied.FirstOrDefault(m => !known.Contains(m, StringComparer.Ordinal)) is { } newer)
            throw new DatabaseStartupException($"The database has schema version '{newer}', newer than this Attest knows. Upgrade Attest.");
        if (known.Except(applied, StringComparer.Ordinal).Any())
            throw new DatabaseStartupException(
                $"The database in {settings.DataDirectory} needs migrating to this Attest's schema before it can be read; run 'attest db migrate --data {settings.DataDirectory}' (this command only reads, so it never migrates).");
        return readOnly;
    }
}

public sealed record MigrationReport(int PreviouslyApplied, IReadOnlyList<string> Applied);

/// <summary>The database cannot be used; the message says why and what to do.</summary>
public sealed class DatabaseStartupException(string message) : Exception(message);

/// <summary>Waits for a busy database instead of failing at once when another process writes.</summary>
internal sealed class SqliteConnectionPragmas : DbConnectionInterceptor
{
    public static readonly SqliteConnectionPragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }
}
