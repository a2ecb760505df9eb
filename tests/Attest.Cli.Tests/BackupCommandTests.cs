using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Attest.Cli.Tests;

/// <summary>`attest backup`: a consistent archive of a data directory that restores into one whose ledger checks out.</summary>
public sealed class BackupCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>, IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "attest-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_backup_restores_into_a_data_directory_with_the_same_records_and_a_ledger_that_checks_out()
    {
        Directory.CreateDirectory(_work);
        var archive = Path.Combine(_work, "attest.tar.gz");

        var backup = await CliRun.RunAsync("backup", "--data", data.Path, "--out", archive);
        backup.ExitCode.ShouldBe(0, backup.Error);
        backup.Out.ShouldContain("Backed up");

        var restored = Path.Combine(_work, "restored");
        Directory.CreateDirectory(restored);
        await using (var file = File.OpenRead(archive))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            await TarFile.ExtractToDirectoryAsync(gzip, restored, overwriteFiles: false, TestContext.Current.CancellationToken);

        var check = await CliRun.RunAsync("ledger", "check", "--data", restored);
        check.ExitCode.ShouldBe(0, check.Out + check.Error);
        var before = JsonNode.Parse((await CliRun.RunAsync("systems", "list", "--data", data.Path, "--json")).Out)!["total"]!.GetValue<int>();
        var after = JsonNode.Parse((await CliRun.RunAsync("systems", "list", "--data", restored, "--json")).Out)!["total"]!.GetValue<int>();
        after.ShouldBe(before);
        Directory.EnumerateFiles(Path.Combine(restored, "blobs"), "*", SearchOption.AllDirectories).Count()
            .ShouldBe(Directory.EnumerateFiles(Path.Combine(data.Path, "blobs"), "*", SearchOption.AllDirectories).Count());
    }

    [Fact]
    public async Task An_existing_archive_or_a_directory_without_a_database_is_one_line_and_exit_2()
    {
        Directory.CreateDirectory(_work);
        var existing = Path.Combine(_work, "there.tar.gz");
        await File.WriteAllTextAsync(existing, "keep me", TestContext.Current.CancellationToken);

        var overwrite = await CliRun.RunAsync("backup", "--data", data.Path, "--out", existing);
        overwrite.ExitCode.ShouldBe(2);
        overwrite.Error.Trim().ShouldBe($"attest: backup: {existing} exists already; a backup never overwrites.");
        (await File.ReadAllTextAsync(existing, TestContext.Current.CancellationToken)).ShouldBe("keep me");

        var empty = Path.Combine(_work, "empty");
        Directory.CreateDirectory(empty);
        var none = await CliRun.RunAsync("backup", "--data", empty, "--out", Path.Combine(_work, "x.tar.gz"));
        none.ExitCode.ShouldBe(2);
        none.Error.ShouldContain("holds no attest.db");
        File.Exists(Path.Combine(_work, "x.tar.gz")).ShouldBeFalse();
    }
}
