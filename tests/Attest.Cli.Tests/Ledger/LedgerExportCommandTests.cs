using System.Text;

namespace Attest.Cli.Tests.Ledger;

/// <summary>`attest ledger export` → `attest ledger verify`, as an auditor would run them, over the demo portfolio.</summary>
public sealed class LedgerExportCommandTests(DemoDataDirectory data) : IClassFixture<DemoDataDirectory>, IDisposable
{
    private readonly TempDirectory _out = new();

    public void Dispose() => _out.Dispose();

    private async Task<string> PublicKeyFileAsync()
    {
        var key = await CliRun.Of("ledger", "public-key", "--data", data.Path, "--all");
        key.ExitCode.ShouldBe(0);
        return _out.File("ledger-public.pem", key.Out);
    }

    [Fact]
    public async Task I_can_export_the_ledger_and_verify_it_offline_with_the_published_key()
    {
        var file = _out.File("ledger.jsonl");
        var export = await CliRun.Of("ledger", "export", "--data", data.Path, "--output", file);
        export.ExitCode.ShouldBe(0);
        export.Error.ShouldStartWith($"wrote {file}: ");

        var lines = File.ReadAllLines(file);
        lines[0].ShouldStartWith("{\"action\":");
        lines[^1].ShouldStartWith("{\"end\":{\"checkpoints\":");
        lines.ShouldContain(l => l.StartsWith("{\"checkpoint\":", StringComparison.Ordinal));

        var verify = await CliRun.Of("ledger", "verify", file, "--public-key", await PublicKeyFileAsync());
        verify.ExitCode.ShouldBe(0);
        verify.Out.ShouldStartWith($"OK {file}: ");
        verify.Out.ShouldNotContain("warning:"); // the export's own checkpoint covers its last entry
    }

    [Fact]
    public async Task The_export_goes_to_standard_output_without_output()
    {
        var export = await CliRun.Of("ledger", "export", "--data", data.Path);
        export.ExitCode.ShouldBe(0);
        var file = _out.File("stdout.jsonl", export.Out);
        (await CliRun.Of("ledger", "verify", file, "--public-key", await PublicKeyFileAsync())).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task A_changed_byte_in_an_exported_entry_is_caught_with_exit_code_1_naming_the_line()
    {
        var file = _out.File("ledger.jsonl");
        (await CliRun.Of("ledger", "export", "--data", data.Path, "--output", file)).ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(file);
        // Entry 3 names its actor; change one letter of it.
        lines[2] = lines[2].Replace("\"actor\":\"", "\"actor\":\"X", StringComparison.Ordinal)
            .Replace("\"actor\":\"Xs", "\"actor\":\"X", StringComparison.Ordinal);
        File.WriteAllText(file, string.Join("\n", lines) + "\n", new UTF8Encoding(false));

        var verify = await CliRun.Of("ledger", "verify", file, "--public-key", await PublicKeyFileAsync());
        verify.ExitCode.ShouldBe(1);
        verify.Out.ShouldBe($"FAILED {file}: line 3: entry seq 3 was changed: its hash does not match its content\n".ReplaceLineEndings());
    }

    [Fact]
    public async Task A_removed_entry_is_caught_with_exit_code_1()
    {
        var file = _out.File("ledger.jsonl");
        (await CliRun.Of("ledger", "export", "--data", data.Path, "--output", file)).ExitCode.ShouldBe(0);
        var lines = File.ReadAllLines(file).ToList();
        lines.RemoveAt(3);
        File.WriteAllText(file, string.Join("\n", lines) + "\n", new UTF8Encoding(false));

        var verify = await CliRun.Of("ledger", "verify", file);
        verify.ExitCode.ShouldBe(1);
        verify.Out.ShouldStartWith($"FAILED {file}: line 4: entry seq 4 is missing (found seq 5): an entry was removed");
    }

    [Fact]
    public async Task Exporting_a_directory_without_a_database_is_bad_input()
    {
        var run = await CliRun.Of("ledger", "export", "--data", _out.File("empty"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("no Attest database in");
    }
}

/// <summary>`attest ledger rotate-key`: old exports keep verifying with the retired key published alongside the new one.</summary>
public sealed class LedgerRotateKeyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dir.Dispose();
    }

    [Fact]
    public async Task After_rotating_the_key_an_export_verifies_with_every_published_key_but_not_with_the_new_key_alone()
    {
        var data = Path.Combine(_dir.Path, "data");
        (await CliRun.Of("db", "migrate", "--data", data)).ExitCode.ShouldBe(0);
        var early = await CliRun.Of("ledger", "rotate-key", "--data", data);
        early.ExitCode.ShouldBe(2);
        early.Error.ShouldContain("to rotate yet; the first checkpoint creates one.");

        (await CliRun.Of("ledger", "export", "--data", data, "--output", _dir.File("before.jsonl"))).ExitCode.ShouldBe(0);
        var rotate = await CliRun.Of("ledger", "rotate-key", "--data", data);
        rotate.ExitCode.ShouldBe(0);
        rotate.Out.ShouldStartWith("retired key ");

        var file = _dir.File("after.jsonl");
        (await CliRun.Of("ledger", "export", "--data", data, "--output", file)).ExitCode.ShouldBe(0);
        File.ReadAllText(file).ShouldContain("\"action\":\"ledger.key_rotated\"");
        var all = _dir.File("all.pem", (await CliRun.Of("ledger", "public-key", "--data", data, "--all")).Out);
        var active = _dir.File("active.pem", (await CliRun.Of("ledger", "public-key", "--data", data)).Out);

        (await CliRun.Of("ledger", "verify", file, "--public-key", all)).ExitCode.ShouldBe(0);
        var onlyNew = await CliRun.Of("ledger", "verify", file, "--public-key", active);
        onlyNew.ExitCode.ShouldBe(1);
        onlyNew.Out.ShouldContain("which is not a trusted key");
    }
}
