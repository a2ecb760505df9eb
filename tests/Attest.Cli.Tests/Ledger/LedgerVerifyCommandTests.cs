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

    private static List<LedgerExportEntry> Entries(int count, string? mallorySeq2 = null)
    {
        var entries = new List<LedgerExportEntry>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var payload = new JsonObject { ["seq"] = seq };
            var r = LedgerHashing.Seal(seq, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(seq), seq == 2 && mallorySeq2 is not null ? mallorySeq2 : "user:dana",
                "evidence.added", "evidence:ev_" + seq, LedgerHashing.PayloadDigest(payload), prev);
            entries.Add(new LedgerExportEntry(r, CanonicalJson.ToCanonicalString(payload)));
            prev = r.Hash;
        }
        return entries;
    }

    private async Task<string> WriteExportAsync(int count, string name = "ledger.jsonl", string? mallorySeq2 = null)
    {
        var path = Path.Combine(_dir, name);
        await using var output = File.Create(path);
        await LedgerExportWriter.WriteAsync(output, Entries(count, mallorySeq2).ToAsyncEnumerable(), [], new CheckpointSigner(_ring, TimeProvider.System), TestContext.Current.CancellationToken);
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
        output.ShouldContain($"OK {export}: 12 entries (hashes and payloads), 1 checkpoints verified");
        output.ShouldContain($"trust: checkpoints signed by trusted key(s) {_ring.ActiveKeyId} (from --trusted-key)");

        var base64 = await RunAsync("ledger", "verify", export, "--public-key", _ring.ActiveKey.PublicKey);
        base64.Exit.ShouldBe(0);
    }

    [Fact]
    public async Task Ledger_verify_without_a_trusted_key_fails()
    {
        var export = await WriteExportAsync(2);
        var (exit, output, _) = await RunAsync("ledger", "verify", export);
        exit.ShouldBe(1);
        output.ShouldStartWith($"FAILED {export}: no trusted key: the checkpoints verify only with the public keys inside the file");
    }

    [Fact]
    public async Task Ledger_verify_pins_the_key_on_first_use_and_catches_truncation_below_the_pinned_checkpoint()
    {
        var pin = Path.Combine(_dir, "ledger.pin");
        var full = await WriteExportAsync(9, "full.jsonl");
        var first = await RunAsync("ledger", "verify", full, "--pin", pin);
        first.Exit.ShouldBe(0, first.Out);
        first.Out.ShouldContain($"pinned: {pin} now holds checkpoint tree_size 9 and key {_ring.ActiveKeyId} (trust on first use");

        // An older (or cut) export signed by the same key no longer verifies against the pin.
        var older = await WriteExportAsync(5, "older.jsonl");
        var (exit, output, _) = await RunAsync("ledger", "verify", older, "--pin", pin);
        exit.ShouldBe(1);
        output.ShouldStartWith($"FAILED {older}: the pinned checkpoint {pin} saw the ledger at 9 entries");

        // A later export extends it, and moves the pin forward.
        var later = await WriteExportAsync(12, "later.jsonl");
        var next = await RunAsync("ledger", "verify", later, "--pin", pin);
        next.Exit.ShouldBe(0, next.Out);
        next.Out.ShouldContain("consistent: the export extends 1 checkpoint(s) seen before it (1 pinned)");
        next.Out.ShouldContain($"pinned: {pin} now holds checkpoint tree_size 12");
    }

    [Fact]
    public async Task Ledger_verify_with_a_witness_catches_a_rewritten_history()
    {
        var witness = Path.Combine(_dir, "witness");
        var entries = Entries(8);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var origin = CheckpointNote.Origin(entries[0].Record.Hash);
        var body = CheckpointNote.Body(origin, 8, tree.RootHash());
        var (_, signature) = _ring.SignWithActiveKey(System.Text.Encoding.UTF8.GetBytes(body));
        CheckpointWitnesses.WriteFiles(witness, CheckpointWitnesses.FileName(8), CheckpointNote.Signed(body, origin, _ring.ActiveKey.PublicKeyBytes(), signature),
            _ring.ActiveKeyId, CheckpointNote.VerifierKey(origin, _ring.ActiveKey.PublicKeyBytes()));

        var honest = await WriteExportAsync(10, "honest.jsonl");
        var ok = await RunAsync("ledger", "verify", honest, "--witness", witness);
        ok.Exit.ShouldBe(0, ok.Out);
        ok.Out.ShouldContain("consistent: the export extends 1 checkpoint(s) seen before it (1 witnessed)");

        var rewritten = await WriteExportAsync(10, "rewritten.jsonl", mallorySeq2: "user:mallory");
        (await RunAsync("ledger", "verify", rewritten, "--trusted-key", _ring.ActiveKey.PublicKey)).Exit.ShouldBe(0); // the operator's key signed it
        var (exit, output, _) = await RunAsync("ledger", "verify", rewritten, "--witness", witness);
        exit.ShouldBe(1);
        output.ShouldStartWith($"FAILED {rewritten}: witness {Path.Combine(witness, "000000000008.checkpoint")} saw the ledger at 8 entries");
        output.ShouldContain("the history was rewritten after that checkpoint was published");
    }

    [Fact]
    public async Task A_tampered_export_exits_1_naming_the_first_bad_line()
    {
        var export = await WriteExportAsync(5);
        var lines = await File.ReadAllLinesAsync(export, TestContext.Current.CancellationToken);
        lines[2] = lines[2].Replace("evidence.added", "evidence.retired", StringComparison.Ordinal);
        await File.WriteAllTextAsync(export, string.Concat(lines.Select(l => l + "\n")), TestContext.Current.CancellationToken);

        var (exit, output, _) = await RunAsync("ledger", "verify", export, "--trusted-key", _ring.ActiveKey.PublicKey);
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
        badKey.Err.Trim().ShouldBe("attest: --trusted-key not-a-key: expected an Ed25519 public key (a PEM file, or base64 of the 32 raw bytes)");

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
