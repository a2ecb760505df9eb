using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Database;

/// <summary>
/// A model change without its migration fails here, for each provider on its own (both sets are added together, and a
/// change added for one provider only fails the other's case). Runs in every pass, whatever ATTEST_TEST_DATABASE says:
/// the check compares the model with the provider's migration snapshot and needs no server.
/// </summary>
public sealed class MigrationCompletenessTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public void A_provider_has_no_model_changes_without_a_migration(DatabaseProvider provider)
    {
        var settings = provider == DatabaseProvider.Sqlite
            ? DatabaseSettings.ForDataDirectory(Path.GetTempPath())
            : DatabaseSettings.ForPostgres("Host=127.0.0.1;Database=attest_design");
        using var context = AttestDatabase.CreateContext(settings);

        context.Database.HasPendingModelChanges().ShouldBeFalse(
            $"{provider}: run dotnet ef migrations add NAME --context {(provider == DatabaseProvider.Sqlite ? "SqliteAttestDbContext" : "PostgresAttestDbContext")} (and the same for the other provider)");
    }
}
