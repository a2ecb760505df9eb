namespace Attest.Cli.Tests;

public sealed class DbCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "attest-db-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Db_migrate_creates_the_database_then_reports_it_up_to_date()
    {
        var first = await CliRun.RunAsync("db", "migrate", "--data", _dir);
        var second = await CliRun.RunAsync("db", "migrate", "--data", _dir);

        first.ExitCode.ShouldBe(0, first.Error);
        first.Out.ShouldStartWith("Applied ");
        File.Exists(Path.Combine(_dir, "attest.db")).ShouldBeTrue();
        second.Out.ShouldStartWith("Database is up to date");
    }

    [Fact]
    public async Task A_corrupt_database_is_refused_with_a_clear_message()
    {
        Directory.CreateDirectory(_dir);
        await File.WriteAllBytesAsync(Path.Combine(_dir, "attest.db"), Enumerable.Repeat((byte)0x42, 4096).ToArray(), TestContext.Current.CancellationToken);

        var run = await CliRun.RunAsync("systems", "list", "--data", _dir);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("is not a readable Attest database");
        run.Error.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task The_data_directory_comes_from_ATTEST_DATA_or_is_asked_for()
    {
        var before = Environment.GetEnvironmentVariable("ATTEST_DATA");
        Environment.SetEnvironmentVariable("ATTEST_DATA", null);
        try
        {
            var run = await CliRun.RunAsync("db", "migrate");
            run.ExitCode.ShouldBe(2);
            run.Error.ShouldContain("--data DIR is required (or set ATTEST_DATA)");
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATTEST_DATA", before);
        }
    }
}
