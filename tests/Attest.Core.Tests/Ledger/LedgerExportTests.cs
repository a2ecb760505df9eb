using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

public sealed class LedgerExportTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly LedgerKeyRing _ring;
    private readonly CheckpointSigner _signer;

    public LedgerExportTests()
    {
        _ring = LedgerKeyRing.OpenOrCreate(_data.Path, _time);
        _signer = new CheckpointSigner(_ring, _time);
    }

    public void Dispose() => _data.Dispose();

    private byte[][] Trusted => [_ring.ActiveKey.PublicKeyBytes()];

    /// <summary>Verifies trusting <paramref name="trusted"/>, or (null) the keys the file names, explicitly.</summary>
    private static LedgerVerificationResult Verify(byte[] export, IReadOnlyCollection<byte[]>? trusted = null, IReadOnlyList<KnownCheckpoint>? known = null) =>
        LedgerExportVerification.Verify(new MemoryStream(export), new LedgerTrustOptions
        {
            TrustedKeys = [.. trusted ?? []],
            TrustFileKeys = trusted is null,
            Known = known ?? [],
        });

    [Fact]
    public async Task An_export_holds_one_canonical_line_per_entry_then_checkpoints_then_the_end_line()
    {
        var export = await SyntheticLedger.ExportAsync(3, _signer, 2, 3);
        var lines = SyntheticLedger.Lines(export);
        lines.Count.ShouldBe(6);
        var first = SyntheticLedger.Entries(1)[0].Record;
        lines[0].ShouldBe("{\"action\":\"intake.answered\",\"actor\":\"user:u1\",\"hash\":\"" + first.Hash
            + "\",\"payload\":{\"n\":1,\"note\":\"change 1 — ünïcode\",\"score\":0.125},\"payload_sha256\":\"" + first.PayloadSha256 +
            "\",\"prev_hash\":\"" + LedgerHashing.GenesisHash + "\",\"seq\":1,\"subject\":\"system:sys_1\",\"time\":\"2026-02-01T09:01:00.0000000Z\"}");
        lines[3].ShouldStartWith("{\"checkpoint\":{\"key_id\":\"" + _ring.ActiveKeyId + "\",\"root_hash\":\"");
        lines[3].ShouldContain("\"tree_size\":2},\"public_key\":\"" + _ring.ActiveKey.PublicKey + "\",\"signature\":\"");
        lines[5].ShouldBe("{\"end\":{\"checkpoints\":2,\"entries\":3,\"format\":\"attest-ledger-export/2\"}}");
    }

    [Fact]
    public async Task An_untouched_export_verifies_with_the_trusted_key_and_reports_the_root()
    {
        var export = await SyntheticLedger.ExportAsync(25, _signer, 10, 25);
        var result = Verify(export, Trusted);
        result.Problem.ShouldBeNull();
        result.Entries.ShouldBe(25);
        result.CheckpointsVerified.ShouldBe(2);
        result.RootHash.ShouldBe(Convert.ToHexStringLower(MerkleTree.FromLedger(SyntheticLedger.Records(25)).RootHash()));
        result.LatestCheckpoint!.Checkpoint.TreeSize.ShouldBe(25);
        result.TrustAnchored.ShouldBeTrue();
    }

    [Fact]
    public async Task The_writer_signs_a_final_checkpoint_when_the_stored_ones_do_not_cover_every_entry()
    {
        var entries = SyntheticLedger.Entries(7);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        using var output = new MemoryStream();
        var summary = await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(entries), [_signer.Sign(4, tree.RootHash(4))], _signer, TestContext.Current.CancellationToken);
        summary.AddedCheckpoint!.Checkpoint.TreeSize.ShouldBe(7);
        summary.Checkpoints.ShouldBe(2);
        Verify(output.ToArray(), Trusted).LatestCheckpoint!.Checkpoint.TreeSize.ShouldBe(7);
    }

    [Fact]
    public async Task A_changed_byte_in_an_entry_is_reported_at_its_line()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(10, _signer, 10));
        lines[4] = lines[4].Replace("user:u", "user:x", StringComparison.Ordinal);
        var problem = Verify(SyntheticLedger.Join(lines)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.ChangedEntry);
        problem.Line.ShouldBe(5);
        problem.Message.ShouldBe("line 5: entry seq 5 was changed: its hash does not match its content");
    }

    [Fact]
    public async Task A_removed_entry_is_reported_as_missing()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(10, _signer, 10));
        lines.RemoveAt(3);
        var problem = Verify(SyntheticLedger.Join(lines)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.RemovedEntry);
        problem.Message.ShouldBe("line 4: entry seq 4 is missing (found seq 5): an entry was removed");
    }

    [Fact]
    public async Task A_removed_last_entry_is_caught_by_the_checkpoint_that_covered_it()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(10, _signer, 10));
        lines.RemoveAt(9);
        var problem = Verify(SyntheticLedger.Join(lines)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.RemovedEntry);
        problem.Message.ShouldBe("line 10: checkpoint covers 10 entries but the file holds only 9: entries were removed from the end");
    }

    [Fact]
    public async Task Swapped_entries_are_reported_as_reordered()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(10, _signer, 10));
        (lines[2], lines[3]) = (lines[3], lines[2]);
        var problem = Verify(SyntheticLedger.Join(lines)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.ReorderedEntries);
        problem.Message.ShouldBe("line 3: entry seq 4 comes before seq 3 (which is at line 4): entries were reordered");
    }

    [Fact]
    public async Task A_duplicated_entry_is_reported_as_inserted()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(10, _signer, 10));
        lines.Insert(6, lines[5]);
        var problem = Verify(SyntheticLedger.Join(lines)).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.InsertedEntry);
        problem.Message.ShouldBe("line 7: entry seq 6 appears again (first at line 6; expected seq 7): an entry was inserted or duplicated");
    }

    [Fact]
    public async Task A_rewritten_chain_is_caught_by_the_signed_root()
    {
        // The forger edits entry 3 and re-seals every entry after it: the chain is valid again,
        // but the signed checkpoint's Merkle root no longer matches.
        var entries = SyntheticLedger.Entries(6);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var checkpoint = _signer.Sign(6, tree.RootHash());
        var forged = SyntheticLedger.Reseal(entries, e => e.Record.Seq == 3 ? e with { Record = e.Record with { Actor = "user:mallory" } } : e);
        using var output = new MemoryStream();
        // (The writer itself refuses to put a checkpoint beside entries it does not match: build the file by hand.)
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(forged), [], cancellationToken: TestContext.Current.CancellationToken);
        var lines = SyntheticLedger.Lines(output.ToArray());
        lines.Insert(6, System.Text.Encoding.UTF8.GetString(LedgerExportFormat.CheckpointLine(checkpoint)).TrimEnd('\n'));
        lines[^1] = lines[^1].Replace("\"checkpoints\":0", "\"checkpoints\":1", StringComparison.Ordinal);
        var problem = Verify(SyntheticLedger.Join(lines), Trusted).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.RootMismatch);
        problem.Line.ShouldBe(7);
        problem.Message.ShouldStartWith("line 7: checkpoint (tree_size 6) root_hash " + checkpoint.Checkpoint.RootHash + " does not match the Merkle root");
    }

    [Fact]
    public async Task A_forged_checkpoint_fails_its_signature_and_a_foreign_key_is_not_trusted()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(4, _signer, 4));
        var forgedSize = lines[4].Replace("\"tree_size\":4", "\"tree_size\":3", StringComparison.Ordinal);
        var bad = Verify(SyntheticLedger.Join([.. lines[..4], forgedSize, lines[5]])).Problem!;
        bad.Kind.ShouldBe(LedgerProblemKind.BadSignature);
        bad.Message.ShouldBe($"line 5: checkpoint (tree_size 3): the signature by key {_ring.ActiveKeyId} does not verify (forged or altered checkpoint)");

        using var other = new TempDirectory();
        var mallory = LedgerKeyRing.OpenOrCreate(other.Path, _time);
        var foreign = await SyntheticLedger.ExportAsync(4, new CheckpointSigner(mallory, _time), 4);
        Verify(foreign).Problem.ShouldBeNull(); // self-consistent when trusting the keys it names
        var untrusted = Verify(foreign, Trusted).Problem!;
        untrusted.Kind.ShouldBe(LedgerProblemKind.UntrustedKey);
        untrusted.Message.ShouldBe($"line 5: checkpoint (tree_size 4): signed by key {mallory.ActiveKeyId}, which is not a trusted key ({_ring.ActiveKeyId})");
    }

    [Fact]
    public async Task An_export_without_checkpoints_never_verifies()
    {
        var export = await SyntheticLedger.ExportAsync(3, _signer);
        Verify(export).Problem!.Kind.ShouldBe(LedgerProblemKind.Unsigned);
        Verify(export, Trusted).Problem!.Message.ShouldBe("no checkpoint in the file is signed by a trusted key, so nothing vouches for the entries");
    }

    [Fact]
    public async Task Truncated_and_malformed_files_name_the_line()
    {
        var export = await SyntheticLedger.ExportAsync(3, _signer, 3);
        Verify(export[..^1]).Problem!.Message.ShouldBe("line 5 does not end with a newline (the file is truncated)");
        var lines = SyntheticLedger.Lines(export);
        Verify(SyntheticLedger.Join(lines[..4])).Problem!.Message.ShouldBe("the file stops after line 4 without its end line (truncated)");
        lines[1] = lines[1][..20];
        Verify(SyntheticLedger.Join(lines)).Problem!.Message.ShouldStartWith("line 2 is not valid JSON");
        Verify([]).Problem!.Message.ShouldBe("the file is empty (no end line)");
        Verify("{\"seq\":1}\n"u8.ToArray()).Problem!.Message.ShouldBe("line 1 is not a valid entry: 'time' must be a string");
        Verify("{\"seq\" : 1}\n"u8.ToArray()).Problem!.Kind.ShouldBe(LedgerProblemKind.Malformed);
    }

    [Fact]
    public async Task After_key_rotation_an_export_with_old_and_new_checkpoints_verifies_with_both_public_keys()
    {
        var entries = SyntheticLedger.Entries(8);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var old = _signer.Sign(4, tree.RootHash(4));
        _time.Advance(TimeSpan.FromDays(90));
        _ring.Rotate(_time);
        var fresh = _signer.Sign(8, tree.RootHash(8));
        using var output = new MemoryStream();
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(entries), [fresh, old], cancellationToken: TestContext.Current.CancellationToken);
        var all = _ring.Keys.Select(k => k.PublicKeyBytes()).ToArray();
        Verify(output.ToArray(), all).CheckpointsVerified.ShouldBe(2);
        Verify(output.ToArray(), [_ring.ActiveKey.PublicKeyBytes()]).Problem!.Kind.ShouldBe(LedgerProblemKind.UntrustedKey);
    }

    [Fact]
    public async Task An_empty_ledger_exports_a_signed_empty_tree_that_verifies()
    {
        using var output = new MemoryStream();
        var summary = await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async<LedgerExportEntry>([]), [], _signer, TestContext.Current.CancellationToken);
        summary.AddedCheckpoint!.Checkpoint.RootHash.ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var result = Verify(output.ToArray(), Trusted);
        result.Problem.ShouldBeNull();
        result.Entries.ShouldBe(0);
        result.CheckpointsVerified.ShouldBe(1);
    }

    // Regression tests for issue 12 ("verify means verify"): each names the defect the probe found.

    [Fact]
    public async Task Ledger_verify_catches_a_payload_edited_in_the_database()
    {
        // update ledger_entries set PayloadJson=replace(PayloadJson,'"decision":"go"','"decision":"no_go"'): hashes untouched.
        var entries = SyntheticLedger.Entries(6);
        entries[4] = entries[4] with { PayloadJson = entries[4].PayloadJson.Replace("\"n\":5", "\"n\":50", StringComparison.Ordinal) };
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(6, _signer, 6));
        lines[4] = System.Text.Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(entries[4])).TrimEnd('\n');
        var problem = Verify(SyntheticLedger.Join(lines), Trusted).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.ChangedPayload);
        problem.Message.ShouldBe("line 5: entry seq 5: its payload was changed: its SHA-256 does not match the entry's payload_sha256");
        tree.Size.ShouldBe(6);
    }

    [Fact]
    public async Task Ledger_verify_without_a_trusted_key_fails()
    {
        var export = await SyntheticLedger.ExportAsync(5, _signer, 5);
        var problem = LedgerExportVerification.Verify(new MemoryStream(export), trustedKeys: null).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.Unsigned);
        problem.Message.ShouldStartWith("no trusted key: the checkpoints verify only with the public keys inside the file");
    }

    [Fact]
    public async Task Ledger_verify_fails_when_entries_after_the_last_checkpoint_are_unsigned()
    {
        // The probe got only a warning for 200 trailing entries no signature covered.
        var export = await SyntheticLedger.ExportAsync(250, _signer, 50);
        var problem = Verify(export, Trusted).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.Unsigned);
        problem.Message.ShouldStartWith("entries 51..250 are not covered by a signed checkpoint (the latest covers 50)");
    }

    [Fact]
    public async Task Deleting_the_last_checkpoint_line_and_fixing_the_end_line_fails()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(20, _signer, 10, 20));
        lines.RemoveAt(21); // the checkpoint over 20 entries
        lines[^1] = lines[^1].Replace("\"checkpoints\":2", "\"checkpoints\":1", StringComparison.Ordinal);
        Verify(SyntheticLedger.Join(lines), Trusted).Problem!.Message.ShouldStartWith("entries 11..20 are not covered by a signed checkpoint");
    }

    [Fact]
    public async Task Truncation_below_a_known_checkpoint_fails_even_with_a_fixed_end_line()
    {
        // Cut back to the checkpoint over 10 entries, end line fixed: a genuine-looking prefix. A checkpoint
        // seen before (pinned or witnessed) at 20 entries shows it was cut.
        var full = await SyntheticLedger.ExportAsync(20, _signer, 10, 20);
        var lines = SyntheticLedger.Lines(full);
        var cut = lines.Take(10).Append(lines[20]).Append("{\"end\":{\"checkpoints\":1,\"entries\":10,\"format\":\"attest-ledger-export/2\"}}").ToList();
        Verify(SyntheticLedger.Join(cut), Trusted).Problem.ShouldBeNull(); // alone, a prefix is a valid export
        var root20 = Convert.ToHexStringLower(MerkleTree.FromLedger(SyntheticLedger.Records(20)).RootHash());
        var problem = Verify(SyntheticLedger.Join(cut), Trusted, [new KnownCheckpoint(20, root20, "witness w/000000000020.checkpoint")]).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.RemovedEntry);
        problem.Message.ShouldBe($"witness w/000000000020.checkpoint saw the ledger at 20 entries (root {root20}), but this file holds only 10: entries were removed from the end, or this is an older export");
    }

    [Fact]
    public async Task A_history_rewritten_before_a_known_checkpoint_fails()
    {
        var entries = SyntheticLedger.Entries(12);
        var root8 = Convert.ToHexStringLower(MerkleTree.FromLedger(entries.Take(8).Select(e => e.Record)).RootHash());
        var forged = SyntheticLedger.Reseal(entries, e => e.Record.Seq == 5 ? e with { Record = e.Record with { Actor = "user:mallory" } } : e);
        using var output = new MemoryStream();
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(forged), [], _signer, TestContext.Current.CancellationToken);
        Verify(output.ToArray(), Trusted).Problem.ShouldBeNull(); // re-signed with the operator's key: consistent in itself
        var problem = Verify(output.ToArray(), Trusted, [new KnownCheckpoint(8, root8, "witness w/000000000008.checkpoint")]).Problem!;
        problem.Kind.ShouldBe(LedgerProblemKind.RewrittenHistory);
        problem.Message.ShouldStartWith($"witness w/000000000008.checkpoint saw the ledger at 8 entries with root {root8}, but this file's first 8 entries have root ");
    }

    [Fact]
    public async Task An_export_of_an_older_format_without_payloads_is_named_as_such()
    {
        var lines = SyntheticLedger.Lines(await SyntheticLedger.ExportAsync(2, _signer, 2));
        var record = SyntheticLedger.Entries(1)[0].Record;
        lines[0] = CanonicalJson.ToCanonicalString(LedgerHashing.ToJson(record));
        Verify(SyntheticLedger.Join(lines), Trusted).Problem!.Message.ShouldStartWith("line 1 is an entry without its payload");
    }

    [Fact]
    public async Task The_export_writer_refuses_to_sign_over_an_altered_entry()
    {
        var entries = SyntheticLedger.Entries(5);
        entries[2] = entries[2] with { PayloadJson = "{\"n\":99}" };
        using var output = new MemoryStream();
        var error = await Should.ThrowAsync<LedgerIntegrityException>(() =>
            LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(entries), [], _signer, TestContext.Current.CancellationToken));
        error.Seq.ShouldBe(3);
        error.Message.ShouldBe("ledger entry seq 3 was changed: its payload does not match its payload_sha256");
    }

    [Fact]
    public async Task Verification_is_the_same_on_one_thread_and_on_every_core()
    {
        var export = await SyntheticLedger.ExportAsync(3000, _signer, 1000, 3000);
        var parallel = LedgerExportVerification.Verify(new MemoryStream(export), new LedgerTrustOptions { TrustedKeys = Trusted }, parallel: true);
        var serial = LedgerExportVerification.Verify(new MemoryStream(export), new LedgerTrustOptions { TrustedKeys = Trusted }, parallel: false);
        parallel.ShouldBe(serial);
        parallel.Problem.ShouldBeNull();
        var lines = SyntheticLedger.Lines(export);
        lines[2500] = lines[2500].Replace("user:u", "user:x", StringComparison.Ordinal);
        var tampered = SyntheticLedger.Join(lines);
        LedgerExportVerification.Verify(new MemoryStream(tampered), new LedgerTrustOptions { TrustedKeys = Trusted }, parallel: true).Problem!.Message
            .ShouldBe("line 2501: entry seq 2501 was changed: its hash does not match its content");
    }
}
