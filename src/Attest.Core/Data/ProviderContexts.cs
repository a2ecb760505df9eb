using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Attest.Core.Data;

/// <summary>The embedded database (a file in the data directory). Its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteAttestDbContext(DbContextOptions<SqliteAttestDbContext> options) : AttestDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The production database. Its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresAttestDbContext(DbContextOptions<PostgresAttestDbContext> options) : AttestDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}

// Used only by `dotnet ef migrations add` to build the model for each provider.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAttestDbContext>
{
    public SqliteAttestDbContext CreateDbContext(string[] args) =>
        (SqliteAttestDbContext)AttestDatabase.CreateContext(DatabaseSettings.ForDataDirectory(Path.GetTempPath()));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAttestDbContext>
{
    public PostgresAttestDbContext CreateDbContext(string[] args) =>
        (PostgresAttestDbContext)AttestDatabase.CreateContext(DatabaseSettings.ForPostgres("Host=127.0.0.1;Database=attest_design"));
}
