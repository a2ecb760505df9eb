using System.Diagnostics;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

/// <summary>The stand-alone Python + openssl verifier in docs/ledger/ agrees with Attest's verifier.</summary>
public sealed class AuditorScriptTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LedgerKeyRing _ring;
    private readonly CheckpointSigner _signer;

    public AuditorScriptTests()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        _ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        _signer = new CheckpointSigner(_ring, _time);
    }

    public void Dispose() => _data.Dispose();

    private string KeyFile()
    {
        // Exactly what `attest ledger public-key --all` prints: a "# key_id" comment line before each PEM block.
        var path = Path.Combine(_data.Path, "attest-ledger-keys.pem");
        File.WriteAllText(path, string.Concat(_ring.Keys.Select(k =>
            $"# key_id {k.KeyId} ({(k.KeyId == _ring.ActiveKeyId ? "active" : "retired")})\n{_ring.PublicKeyPem(k.KeyId)}")));
        return path;
    }

    private string Write(byte[] export)
    {
        var path = Path.Combine(_data.Path, "ledger.jsonl");
        File.WriteAllBytes(path, export);
        return path;
    }

    [Fact]
    public async Task An_auditor_can_verify_an_export_with_python_and_openssl_alone()
    {
        var old = _ring.ActiveKeyId;
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(13, _signer, 1, 7));
        // Rotate and add a checkpoint by the new key, so the script has to handle two keys.
        _ring.Rotate(_time);
        var all = SyntheticLedger.Entries(13);
        using var output = new MemoryStream();
        var checkpoints = new[] { 1L, 7 }.Select(n => CheckpointOfSize(lines, n)).ToList();
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(all), checkpoints, _signer, TestContext.Current.CancellationToken);
        var exportPath = Write(output.ToArray());
        var pems = _ring.Keys.Select(k => Path.Combine(_data.Path, "keys", k.KeyId + ".pub.pem")).ToArray();

        var (exit, stdout) = Run(exportPath, pems);
        exit.ShouldBe(0, stdout);
        stdout.ShouldBe($"OK: 13 entries (hashes and payloads), 3 checkpoints, 0 witnessed checkpoints, root {Convert.ToHexStringLower(MerkleTree.FromLedger(all.Select(e => e.Record)).RootHash())}\n");
        Run(exportPath, KeyFile()).Exit.ShouldBe(0);

        Run(exportPath, pems[1]).Stdout.ShouldBe($"FAILED: line 14: checkpoint (tree_size 1) is signed by key {old}, which is not a given key\n");

        var tampered = SyntheticLedger.Lines(output.ToArray());
        tampered[5] = tampered[5].Replace("user:u", "user:z", StringComparison.Ordinal);
        var failed = Run(Write(SyntheticLedger.Join(tampered)), pems);
        failed.Exit.ShouldBe(1);
        failed.Stdout.ShouldBe("FAILED: line 6: entry seq 6 was changed (its hash does not match its fields)\n");
    }

    [Fact]
    public async Task Python_auditor_reads_the_key_file_attest_ledger_public_key_writes()
    {
        var export = Write(await SyntheticLedger.ExportAsync(4, _signer, 4));
        var (exit, stdout) = Run(export, KeyFile());
        exit.ShouldBe(0, stdout);
        stdout.ShouldStartWith("OK: 4 entries");
    }

    [Fact]
    public async Task Python_auditor_rejects_a_forged_ledger_with_a_rewritten_actor_and_no_checkpoints()
    {
        // The probe: entry 5's actor rewritten, the chain re-hashed, every checkpoint removed → the old script said OK.
        var forged = SyntheticLedger.Reseal(SyntheticLedger.Entries(9), e => e.Record.Seq == 5 ? e with { Record = e.Record with { Actor = "user:mallory" } } : e);
        using var output = new MemoryStream();
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(forged), [], cancellationToken: TestContext.Current.CancellationToken);
        var (exit, stdout) = Run(Write(output.ToArray()), KeyFile());
        exit.ShouldBe(1);
        stdout.ShouldBe("FAILED: entries 1..9 are not covered by a checkpoint signed by a given key\n");
        LedgerExportVerification.Verify(new MemoryStream(output.ToArray()), [_ring.ActiveKey.PublicKeyBytes()]).Problem!.Kind.ShouldBe(LedgerProblemKind.Unsigned);
    }

    [Fact]
    public async Task Python_auditor_rejects_reordered_checkpoints()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(8, _signer, 4, 8));
        (lines[8], lines[9]) = (lines[9], lines[8]);
        var (exit, stdout) = Run(Write(SyntheticLedger.Join(lines)), KeyFile());
        exit.ShouldBe(1);
        stdout.ShouldBe("FAILED: line 10: checkpoints are out of order (they go by ascending tree_size and time)\n");
    }

    [Fact]
    public async Task Python_auditor_catches_a_payload_edited_in_the_database()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(6, _signer, 6));
        lines[2] = lines[2].Replace("\"n\":3", "\"n\":30", StringComparison.Ordinal);
        var (exit, stdout) = Run(Write(SyntheticLedger.Join(lines)), KeyFile());
        exit.ShouldBe(1);
        stdout.ShouldBe("FAILED: line 3: entry seq 3: its payload was changed (it does not match payload_sha256)\n");
    }

    [Fact]
    public async Task Python_auditor_requires_a_trusted_key()
    {
        var (exit, _) = Run(Write(await SyntheticLedger.ExportAsync(3, _signer, 3)));
        exit.ShouldBe(2);
    }

    [Fact]
    public async Task Python_auditor_checks_the_export_against_a_witness_directory()
    {
        var entries = SyntheticLedger.Entries(10);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var witness = Path.Combine(_data.Path, "witness");
        var origin = CheckpointNote.Origin(entries[0].Record.Hash);
        var body = CheckpointNote.Body(origin, 6, tree.RootHash(6));
        var (_, signature) = _ring.SignWithActiveKey(System.Text.Encoding.UTF8.GetBytes(body));
        CheckpointWitnesses.WriteFiles(witness, CheckpointWitnesses.FileName(6), CheckpointNote.Signed(body, origin, _ring.ActiveKey.PublicKeyBytes(), signature),
            _ring.ActiveKeyId, CheckpointNote.VerifierKey(origin, _ring.ActiveKey.PublicKeyBytes()));

        using var honest = new MemoryStream();
        await LedgerExportWriter.WriteAsync(honest, SyntheticLedger.Async(entries), [], _signer, TestContext.Current.CancellationToken);
        Run(Write(honest.ToArray()), KeyFile(), "--witness", witness).Stdout.ShouldStartWith("OK: 10 entries (hashes and payloads), 1 checkpoints, 1 witnessed checkpoints");

        var forged = SyntheticLedger.Reseal(entries, e => e.Record.Seq == 2 ? e with { Record = e.Record with { Actor = "user:mallory" } } : e);
        using var rewritten = new MemoryStream();
        await LedgerExportWriter.WriteAsync(rewritten, SyntheticLedger.Async(forged), [], _signer, TestContext.Current.CancellationToken);
        var path = Write(rewritten.ToArray());
        Run(path, KeyFile()).Exit.ShouldBe(0); // re-signed by the operator's own key: only the witness can tell
        var (exit, stdout) = Run(path, KeyFile(), "--witness", witness);
        exit.ShouldBe(1);
        stdout.ShouldStartWith($"FAILED: witness {Path.Combine(witness, "000000000006.checkpoint")} saw root {Convert.ToHexStringLower(tree.RootHash(6))} at 6 entries");
    }

    private static SignedCheckpoint CheckpointOfSize(List<string> lines, long treeSize)
    {
        var line = lines.Single(l => l.Contains($"\"tree_size\":{treeSize}}}", StringComparison.Ordinal));
        using var document = System.Text.Json.JsonDocument.Parse(line);
        return LedgerLineParsing.Checkpoint(document.RootElement, out _)!;
    }

    private static (int Exit, string Stdout) Run(string export, params string[] arguments)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "auditor-tools", "verify_export.py");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, export, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
