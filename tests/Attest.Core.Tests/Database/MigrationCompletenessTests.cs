using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Database;

/// <summary>A model change without its migration fails here, for each provider (both sets are added together).</summary>
public sealed class MigrationCompletenessTests
{
    [Fact]
    public void Neither_SQLite_nor_PostgreSQL_has_model_changes_without_a_migration()
    {
        using var sqlite = AttestDatabase.CreateContext(DatabaseSettings.ForDataDirectory(Path.GetTempPath()));
        sqlite.Database.HasPendingModelChanges().ShouldBeFalse("SQLite: run dotnet ef migrations add … --context SqliteAttestDbContext");
        using var postgres = AttestDatabase.CreateContext(DatabaseSettings.ForPostgres("Host=127.0.0.1;Database=attest_design"));
        postgres.Database.HasPendingModelChanges().ShouldBeFalse("PostgreSQL: run dotnet ef migrations add … --context PostgresAttestDbContext");
    }
}
