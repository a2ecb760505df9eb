using Attest.Core.Data;
using Microsoft.Data.Sqlite;

namespace Attest.Core.Tests.Database;

public sealed class DatabaseStartupTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-startup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_new_data_directory_gets_a_database_in_WAL_mode_and_a_second_start_changes_nothing()
    {
        var settings = DatabaseSettings.ForDataDirectory(_dir);

        var first = await AttestDatabase.MigrateAsync(settings, TestContext.Current.CancellationToken);
        var second = await AttestDatabase.MigrateAsync(settings, TestContext.Current.CancellationToken);

        first.PreviouslyApplied.ShouldBe(0);
        first.Applied.ShouldNotBeEmpty();
        second.Applied.ShouldBeEmpty();
        await using var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        (await command.ExecuteScalarAsync(TestContext.Current.CancellationToken)).ShouldBe("wal");
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gives_a_clear_error()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllTextAsync(Path.Combine(_dir, DatabaseSettings.SqliteFileName), "this is not a database, just some text that is long enough to be a header.....", TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<DatabaseStartupException>(() => AttestDatabase.MigrateAsync(DatabaseSettings.ForDataDirectory(_dir), TestContext.Current.CancellationToken));

        error.Message.ShouldContain("attest.db");
        error.Message.ShouldContain("not a database file");
    }

    [Fact]
    public async Task A_database_written_by_a_newer_Attest_is_refused()
    {
        var settings = DatabaseSettings.ForDataDirectory(_dir);
        await AttestDatabase.MigrateAsync(settings, TestContext.Current.CancellationToken);
        await using (var connection = new SqliteConnection(settings.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __ef_migrations (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0');";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var error = await Should.ThrowAsync<DatabaseStartupException>(() => AttestDatabase.MigrateAsync(settings, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("29991231000000_FromTheFuture");
        error.Message.ShouldContain("newer than this Attest");
    }
}
