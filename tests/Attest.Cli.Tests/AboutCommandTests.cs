namespace Attest.Cli.Tests;

/// <summary>`attest about`: version and where the data lives, read without creating anything.</summary>
public sealed class AboutCommandTests
{
    [Fact]
    public async Task About_a_new_data_directory_says_what_is_not_created_yet_and_creates_nothing()
    {
        using var temp = new TempDirectory();
        var data = Path.Combine(temp.Path, "data");

        var run = await CliRun.Of("about", "--data", data);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("attest ");
        run.Out.ShouldContain($"data directory:  {data}");
        run.Out.ShouldContain($"SQLite {Path.Combine(data, "attest.db")} (not created yet)");
        run.Out.ShouldContain("(none yet)");
        Directory.Exists(data).ShouldBeFalse();
    }

    [Fact]
    public async Task About_an_existing_database_reports_its_size_and_never_prints_a_postgres_password()
    {
        using var temp = new TempDirectory();
        (await CliRun.Of("db", "migrate", "--data", temp.Path)).ExitCode.ShouldBe(0);

        var sqlite = await CliRun.Of("about", "--data", temp.Path, "--json");
        sqlite.ExitCode.ShouldBe(0, sqlite.Error);
        sqlite.Json["data_directory"]!.GetValue<string>().ShouldBe(temp.Path);
        sqlite.Json["database"]!.GetValue<string>().ShouldMatch(@"^SQLite .*attest\.db \(\d+(\.\d)? (KB|MB)\)$");

        var postgres = await CliRun.Of("about", "--postgres", "Host=db.internal;Username=attest;Password=hunter2-secret", "--json");
        postgres.ExitCode.ShouldBe(0, postgres.Error);
        postgres.Json["database"]!.GetValue<string>().ShouldBe("PostgreSQL Host=db.internal;Username=attest");
        postgres.Out.ShouldNotContain("hunter2");
    }
}
