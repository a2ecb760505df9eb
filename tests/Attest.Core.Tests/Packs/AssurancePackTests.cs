using System.Text;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Core.Tests.Ledger;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Packs;

public sealed class AssurancePackTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LedgerKeyRing _ring;
    private readonly List<LedgerExportEntry> _ledger = SyntheticLedger.Entries(20);
    private readonly MerkleTree _tree;
    private readonly AssurancePackContent _content;

    public AssurancePackTests()
    {
        _ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        _tree = MerkleTree.FromLedger(_ledger.Select(e => e.Record));
        var checkpoint = new CheckpointSigner(_ring, _time).Sign(_tree);
        _content = new AssurancePackContent(
            [
                new PackFile("system-card.md", Encoding.UTF8.GetBytes("# Credit scoring\nOwner: Dana Kim\n")),
                new PackFile("classification.json", Encoding.UTF8.GetBytes("{\"risk_tier\":\"high\",\"basis\":\"Annex III 5(b)\"}\n")),
                new PackFile("evidence/ev_1/fairness-report.pdf", [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 31))]),
            ],
            [.. _ledger.Where(e => e.Record.Subject == "system:sys_1")],
            checkpoint);
    }

    public void Dispose() => _data.Dispose();

    private byte[] Pack() => CanonicalZip.ToBytes(AssurancePackWriter.Build(_content, _tree, _ring));

    private List<PackFile> Files() => [.. AssurancePackWriter.Build(_content, _tree, _ring)];

    private static byte[] Zip(IEnumerable<PackFile> files) => CanonicalZip.ToBytes([.. files]);

    private static List<PackFile> Replace(List<PackFile> files, string path, Func<byte[], byte[]> change) =>
        [.. files.Select(f => f.Path == path ? f with { Content = change(f.Content) } : f)];

    private static byte[] Edit(byte[] content, string from, string to) =>
        Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace(from, to, StringComparison.Ordinal));

    /// <param name="trustKey">Trust the operator's key; otherwise trust the keys inside the pack (explicitly).</param>
    private PackVerificationResult Verify(byte[] pack, bool trustKey = true) =>
        AssurancePackVerification.Verify(new MemoryStream(pack), trustKey ? [_ring.ActiveKey.PublicKeyBytes()] : null, trustFileKeys: !trustKey);

    [Fact]
    public async Task A_written_pack_verifies_offline_with_the_published_key()
    {
        using var output = new MemoryStream();
        await AssurancePackWriter.WriteAsync(output, _content, _tree, _ring, TestContext.Current.CancellationToken);
        var result = Verify(output.ToArray());
        result.Problem.ShouldBeNull();
        result.FilesVerified.ShouldBe(7); // 3 content files + entries, proofs, checkpoint, public key
        result.EntriesVerified.ShouldBe(5); // seq 1, 5, 9, 13, 17 concern system:sys_1
        result.Checkpoint!.Checkpoint.TreeSize.ShouldBe(20);
        output.ToArray().ShouldBe(Pack()); // deterministic
    }

    [Fact]
    public void The_manifest_lists_every_file_with_its_sha256()
    {
        var files = Files();
        files.Select(f => f.Path).ShouldBe([
            "manifest.json", "manifest.sig.json", "classification.json", "evidence/ev_1/fairness-report.pdf",
            "ledger/checkpoint.json", "ledger/entries.jsonl", "ledger/proofs.json", "ledger/public_key.pem", "system-card.md"]);
        var manifest = Encoding.UTF8.GetString(files[0].Content);
        manifest.ShouldStartWith("{\"files\":[{\"path\":\"classification.json\",\"sha256\":\"" + LedgerHashing.Sha256Hex(_content.Files[1].Content) + "\",\"size\":46}");
        manifest.ShouldEndWith("],\"format\":\"attest-assurance-pack/2\"}\n");
    }

    [Fact]
    public void A_changed_content_file_is_named()
    {
        var pack = Zip(Replace(Files(), "system-card.md", c => Edit(c, "Dana", "Mall")));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.FileMismatch);
        problem.Message.ShouldStartWith("system-card.md does not match the manifest (expected 33 bytes with SHA-256 ");
    }

    [Fact]
    public void A_changed_file_with_a_rewritten_manifest_fails_the_manifest_signature()
    {
        var files = Replace(Files(), "system-card.md", c => Edit(c, "Dana", "Mall"));
        files[0] = files[0] with { Content = AssurancePackFormat.Manifest(files.Skip(2)) };
        var problem = Verify(Zip(files)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.BadSignature);
        problem.Message.ShouldBe($"manifest.json: the signature by key {_ring.ActiveKeyId} does not verify (forged or altered)");
    }

    [Fact]
    public void A_changed_ledger_entry_is_named_by_seq()
    {
        var pack = Zip(Replace(Files(), AssurancePackFormat.EntriesPath, c => Edit(c, "\"actor\":\"user:u2\",\"hash\"", "\"actor\":\"user:u0\",\"hash\"")));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.ChangedEntry);
        problem.Message.ShouldBe("ledger/entries.jsonl line 2: entry seq 5 was changed: its hash does not match its content");
    }

    [Fact]
    public void A_resealed_forged_entry_fails_its_inclusion_proof()
    {
        var entry = _content.Entries[2];
        var original = entry.Record;
        var forged = entry with { Record = LedgerHashing.Seal(original.Seq, original.Time, "user:mallory", original.Action, original.Subject, original.PayloadSha256, original.PrevHash) };
        var pack = Zip(Replace(Files(), AssurancePackFormat.EntriesPath, c => Edit(c,
            Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(entry)), Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(forged)))));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.BadProof);
        problem.Message.ShouldBe($"ledger entry seq {original.Seq} (ledger/entries.jsonl line 3): its inclusion proof does not lead to the checkpoint root {_content.Checkpoint.Checkpoint.RootHash}: the entry or its proof was altered");
    }

    [Fact]
    public void A_changed_proof_hash_is_named_by_entry()
    {
        var first = Convert.ToHexStringLower(_tree.InclusionProof(0, 20)[0]);
        var pack = Zip(Replace(Files(), AssurancePackFormat.ProofsPath, c => Edit(c, first, new string('0', 64))));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.BadProof);
        problem.Message.ShouldStartWith("ledger entry seq 1 (ledger/entries.jsonl line 1): its inclusion proof does not lead to the checkpoint root");
    }

    [Fact]
    public void A_changed_checkpoint_fails_its_signature_and_a_foreign_key_is_refused()
    {
        var pack = Zip(Replace(Files(), AssurancePackFormat.CheckpointPath, c => Edit(c, "\"tree_size\":20", "\"tree_size\":19")));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.BadSignature);
        problem.Message.ShouldBe($"ledger/checkpoint.json: checkpoint (tree_size 19): the signature by key {_ring.ActiveKeyId} does not verify (forged or altered checkpoint)");

        using var other = new TempDirectory();
        var mallory = LedgerKeyRing.OpenOrCreate(other.Path, _time);
        var foreign = CanonicalZip.ToBytes(AssurancePackWriter.Build(
            _content with { Checkpoint = new CheckpointSigner(mallory, _time).Sign(_tree) }, _tree, mallory));
        Verify(foreign, trustKey: false).Problem.ShouldBeNull(); // consistent in itself, which proves nothing about who made it
        Verify(foreign).Problem!.Kind.ShouldBe(LedgerProblemKind.UntrustedKey);
    }

    [Fact]
    public void Missing_extra_and_duplicated_files_are_named()
    {
        Verify(Zip(Files().Where(f => f.Path != "classification.json"))).Problem!.Message
            .ShouldBe("classification.json is listed in the manifest but missing from the pack");
        Verify(Zip([.. Files(), new PackFile("extra.txt", [1, 2, 3])])).Problem!.Message
            .ShouldBe("extra.txt is in the pack but not in the manifest");
        Verify(Zip([.. Files(), Files()[2]])).Problem!.Message.ShouldBe("classification.json appears twice in the pack");
        Verify(Zip(Files().Where(f => f.Path != AssurancePackFormat.ProofsPath))).Problem!.Message.ShouldBe("ledger/proofs.json is missing from the pack");
        Verify([1, 2, 3]).Problem!.Message.ShouldStartWith("the pack is not a readable zip archive");
    }

    [Fact]
    public void An_edit_to_the_zip_metadata_alone_is_detected()
    {
        var pack = Pack();
        pack[12] ^= 0x01; // the first local header's date field
        var problem = Verify(pack).Problem!;
        problem.Message.ShouldBe("the zip container differs from the canonical pack layout at byte 12: the archive's metadata or file order was altered");
    }

    [Fact]
    public void Any_single_byte_change_deletion_or_insertion_in_a_pack_is_detected()
    {
        var pack = Pack();
        Gen.Select(Gen.Int[0, pack.Length - 1], Gen.Byte[1, 255], Gen.Int[0, 2], (position, value, edit) => (position, value, edit))
            .Sample(t =>
            {
                byte[] tampered = t.edit switch
                {
                    0 => [.. pack[..t.position], (byte)(pack[t.position] + t.value), .. pack[(t.position + 1)..]],
                    1 => [.. pack[..t.position], .. pack[(t.position + 1)..]],
                    _ => [.. pack[..t.position], t.value, .. pack[t.position..]],
                };
                Verify(tampered, trustKey: false).Problem.ShouldNotBeNull($"undetected edit {t.edit} at byte {t.position} ({t.value})");
            }, iter: 1500);
    }

    [Fact]
    public void An_auditor_can_verify_a_pack_with_python_and_openssl_alone()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        var pem = Path.Combine(_data.Path, "public.pem");
        File.WriteAllText(pem, _ring.PublicKeyPem(_ring.ActiveKeyId));
        var pack = Path.Combine(_data.Path, "pack.zip");

        File.WriteAllBytes(pack, Pack());
        RunScript(pack, pem).ShouldBe((0, $"OK: 7 files match the signed manifest, 5 ledger entries (and payloads) proven against checkpoint tree_size 20 root {_content.Checkpoint.Checkpoint.RootHash}\n"));

        var first = Convert.ToHexStringLower(_tree.InclusionProof(0, 20)[0]);
        File.WriteAllBytes(pack, Zip(Replace(Files(), AssurancePackFormat.ProofsPath, c => Edit(c, first, new string('0', 64)))));
        RunScript(pack, pem).ShouldBe((1, "FAILED: ledger entry seq 1: inclusion proof does not lead to the checkpoint root\n"));

        File.WriteAllBytes(pack, Zip(Replace(Files(), "system-card.md", c => Edit(c, "Dana", "Mall"))));
        RunScript(pack, pem).ShouldBe((1, "FAILED: system-card.md does not match the manifest\n"));
    }

    [Fact]
    public void Pack_verify_catches_a_ledger_payload_edited_in_the_database()
    {
        // The probe's edit: a payload changed where it is stored, its payload_sha256 left alone.
        var entry = _content.Entries[1];
        var edited = entry with { PayloadJson = entry.PayloadJson.Replace("\"n\":5", "\"n\":6", StringComparison.Ordinal) };
        edited.PayloadJson.ShouldNotBe(entry.PayloadJson);
        var pack = Zip(Replace(Files(), AssurancePackFormat.EntriesPath, c => Edit(c,
            Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(entry)), Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(edited)))));
        var problem = Verify(pack).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.ChangedPayload);
        problem.Message.ShouldBe("ledger/entries.jsonl line 2: entry seq 5: its payload was changed: its SHA-256 does not match the entry's payload_sha256");

        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) return;
        var pem = Path.Combine(_data.Path, "public.pem");
        File.WriteAllText(pem, _ring.PublicKeyPem(_ring.ActiveKeyId));
        var path = Path.Combine(_data.Path, "pack.zip");
        File.WriteAllBytes(path, pack);
        RunScript(path, pem).ShouldBe((1, "FAILED: ledger entry seq 5: its payload was changed (it does not match payload_sha256)\n"));
    }

    [Fact]
    public void Pack_verify_without_a_trusted_key_fails()
    {
        var problem = AssurancePackVerification.Verify(new MemoryStream(Pack()), null).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.Unsigned);
        problem.Message.ShouldStartWith("no trusted key: the signatures verify only with the public keys inside the pack");
    }

    [Fact]
    public void Pack_verify_python_reads_the_key_file_attest_ledger_public_key_writes()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        // What `attest ledger public-key --all` prints: a "# key_id" comment line before each PEM block.
        var keys = Path.Combine(_data.Path, "attest-ledger-keys.pem");
        File.WriteAllText(keys, $"# key_id {_ring.ActiveKeyId} (active)\n{_ring.PublicKeyPem(_ring.ActiveKeyId)}");
        var pack = Path.Combine(_data.Path, "pack.zip");
        File.WriteAllBytes(pack, Pack());
        RunScript(pack, keys).Exit.ShouldBe(0);
    }

    private static (int Exit, string Stdout) RunScript(string pack, string pem)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "auditor-tools", "verify_pack.py");
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, pack, pem])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
