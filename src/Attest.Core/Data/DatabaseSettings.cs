namespace Attest.Core.Data;

/// <summary>Where Attest keeps its data: a data directory (SQLite file, blobs, keys) and optionally a PostgreSQL database.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, string DataDirectory)
{
    public const string SqliteFileName = "attest.db";

    /// <summary>How long a write waits for SQLite's write lock before it gives up (the web answers 503 with Retry-After).</summary>
    public const int SqliteBusyTimeoutSeconds = 10;

    public static DatabaseSettings ForDataDirectory(string dataDirectory)
    {
        var full = Path.GetFullPath(dataDirectory);
        return new(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(full, SqliteFileName)};Pooling=True;Default Timeout={SqliteBusyTimeoutSeconds}", full);
    }

    public static DatabaseSettings ForPostgres(string connectionString, string? dataDirectory = null) =>
        new(DatabaseProvider.Postgres, connectionString, Path.GetFullPath(dataDirectory ?? "."));

    /// <summary>
    /// SQLite in <paramref name="dataDirectory"/> unless a PostgreSQL connection string is given
    /// (option or ATTEST_POSTGRES environment variable).
    /// </summary>
    public static DatabaseSettings Resolve(string dataDirectory, string? postgresConnectionString) =>
        string.IsNullOrWhiteSpace(postgresConnectionString)
            ? ForDataDirectory(dataDirectory)
            : ForPostgres(postgresConnectionString, dataDirectory);
}
