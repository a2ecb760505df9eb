using System.Text.Json.Nodes;
using Attest.Cli;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Cli.Tests.Ledger;

public sealed class LedgerVerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("attest-cli-ledger-").FullName;
    private readonly LedgerKeyRing _ring;

    public LedgerVerifyCommandTests() => _ring = LedgerKeyRing.OpenOrCreate(_dir, TimeProvider.System);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> WriteExportAsync(int count)
    {
        var records = new List<LedgerRecord>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var r = LedgerHashing.Seal(seq, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(seq), "user:dana", "evidence.added",
                "evidence:ev_" + seq, LedgerHashing.PayloadDigest(new JsonObject { ["seq"] = seq }), prev);
            records.Add(r);
            prev = r.Hash;
        }
        var path = Path.Combine(_dir, "ledger.jsonl");
        await using var output = File.Create(path);
        await LedgerExportWriter.WriteAsync(output, records.ToAsyncEnumerable(), [], new CheckpointSigner(_ring, TimeProvider.System), TestContext.Current.CancellationToken);
        return path;
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AttestCli.RunAsync(args, CliConsole.Plain(output, error), TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task I_can_verify_an_export_against_the_published_public_key()
    {
        var export = await WriteExportAsync(12);
        var pem = Path.Combine(_dir, "ledger.pub.pem");
        await File.WriteAllTextAsync(pem, _ring.PublicKeyPem(_ring.ActiveKeyId), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("ledger", "verify", export, "--public-key", pem);
        exit.ShouldBe(0);
        output.ShouldContain($"OK {export}: 12 entries, 1 checkpoints verified");
        output.ShouldContain($"trust: checkpoints verified with the key(s) given by --public-key ({_ring.ActiveKeyId})");

        var base64 = await RunAsync("ledger", "verify", export, "--public-key", _ring.ActiveKey.PublicKey);
        base64.Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Without_a_public_key_the_summary_says_trust_rests_on_the_file()
    {
        var export = await WriteExportAsync(2);
        var (exit, output, _) = await RunAsync("ledger", "verify", export);
        exit.ShouldBe(0);
        output.ShouldContain("public keys embedded in the file");
    }

    [Fact]
    public async Task A_tampered_export_exits_1_naming_the_first_bad_line()
    {
        var export = await WriteExportAsync(5);
        var lines = await File.ReadAllLinesAsync(export, TestContext.Current.CancellationToken);
        lines[2] = lines[2].Replace("evidence.added", "evidence.retired", StringComparison.Ordinal);
        await File.WriteAllTextAsync(export, string.Concat(lines.Select(l => l + "\n")), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("ledger", "verify", export);
        exit.ShouldBe(1);
        output.Trim().ShouldBe($"FAILED {export}: line 3: entry seq 3 was changed: its hash does not match its content");
    }

    [Fact]
    public async Task An_unreadable_file_or_a_bad_key_exits_2_with_one_line()
    {
        var missing = await RunAsync("ledger", "verify", Path.Combine(_dir, "nope.jsonl"));
        missing.Exit.ShouldBe(2);
        missing.Err.Trim().Split('\n').Length.ShouldBe(1);
        missing.Err.ShouldContain("nope.jsonl: cannot read the ledger export");

        var export = await WriteExportAsync(1);
        var badKey = await RunAsync("ledger", "verify", export, "--public-key", "not-a-key");
        badKey.Exit.ShouldBe(2);
        badKey.Err.Trim().ShouldBe("attest: --public-key not-a-key: expected an Ed25519 public key (a PEM file, or base64 of the 32 raw bytes)");

        (await RunAsync("ledger", "verify")).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task I_can_print_the_public_key_to_publish_and_verify_with_it()
    {
        var export = await WriteExportAsync(3);
        var (exit, output, _) = await RunAsync("ledger", "public-key", "--data", _dir);
        exit.ShouldBe(0);
        output.ShouldBe($"# key_id {_ring.ActiveKeyId} (active)\n" + _ring.PublicKeyPem(_ring.ActiveKeyId));
        var pem = Path.Combine(_dir, "published.pem");
        await File.WriteAllTextAsync(pem, output, TestContext.Current.CancellationToken);
        (await RunAsync("ledger", "verify", export, "--public-key", pem)).Exit.ShouldBe(0);

        var missing = await RunAsync("ledger", "public-key", "--data", Path.Combine(_dir, "nowhere"));
        missing.Exit.ShouldBe(2);
        missing.Err.ShouldContain("cannot open the ledger key ring");
    }
}
