using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Attest.Cli.Tests.Gates;

/// <summary>Commands that only read (gate, systems, docs, export) open the database read-only and never migrate it.</summary>
public sealed class ReadOnlyCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>
{
    [Fact]
    public async Task The_gate_and_the_inventory_read_the_database_without_changing_a_byte()
    {
        SqliteConnection.ClearAllPools();
        var file = Path.Combine(data.Path, "attest.db");
        var before = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);

        (await CliRun.RunAsync("gate", "--system", "code-assistant", "--data", data.Path)).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("systems", "list", "--data", data.Path, "--json")).ExitCode.ShouldBe(0);
        (await CliRun.RunAsync("docs", "system-card", "--system", "credit-scoring", "--data", data.Path)).ExitCode.ShouldBe(0);

        SqliteConnection.ClearAllPools();
        SHA256.HashData(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).ShouldBe(SHA256.HashData(before));
    }

    [Fact]
    public async Task A_database_that_needs_migrating_is_refused_by_a_read_only_command_and_left_as_it_is()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "attest.db");
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE __ef_migrations (MigrationId TEXT PRIMARY KEY, ProductVersion TEXT NOT NULL);";
            await create.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("gate", "--system", "code-assistant", "--data", dir.Path);

        run.ExitCode.ShouldBe(2);
        run.Error.Trim().ShouldBe($"attest: The database in {dir.Path} needs migrating to this Attest's schema before it can be read; run 'attest db migrate --data {dir.Path}' (this command only reads, so it never migrates).");
        SqliteConnection.ClearAllPools();
        (await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken)).ShouldBe(before);
    }
}
