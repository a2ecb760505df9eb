using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Tests.Support;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Ledger;

/// <summary>Checkpoints, proofs, rotation and export over a real SQLite database with a fake clock.</summary>
public sealed class CheckpointUseCaseTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private async Task<List<LedgerRecord>> RecordsAsync()
    {
        await using var ctx = _db.NewContext();
        return [.. (await ctx.Ledger.OrderBy(e => e.Seq).ToListAsync(Ct)).Select(e => e.ToRecord())];
    }

    private static SignedCheckpoint Signed(CheckpointDto c) =>
        new(new Checkpoint(c.TreeSize, c.RootHash, DateTimeOffset.Parse(c.Time, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime(), c.KeyId), c.Signature, c.PublicKey);

    [Fact]
    public async Task The_first_checkpoint_creates_the_key_records_it_and_signs_the_Merkle_root_of_every_entry()
    {
        LedgerKeyRing.Exists(_db.Settings.DataDirectory).ShouldBeFalse();

        var outcome = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;

        outcome.Created.ShouldBeTrue();
        var ring = LedgerKeyRing.Open(_db.Settings.DataDirectory);
        var records = await RecordsAsync();
        // system.registered, model_version.registered, ledger.key_created (signed), ledger.checkpoint_signed (after it).
        records.Select(r => r.Action).ShouldBe(["system.registered", "model_version.registered", LedgerActions.KeyCreated.Name, LedgerActions.CheckpointSigned.Name]);
        records[2].Subject.ShouldBe($"ledger_key:{ring.ActiveKeyId}");
        outcome.Checkpoint.TreeSize.ShouldBe(3);
        outcome.Checkpoint.RootHash.ShouldBe(Convert.ToHexStringLower(MerkleTree.FromLedger(records.Take(3)).RootHash()));
        outcome.Checkpoint.KeyId.ShouldBe(ring.ActiveKeyId);
        outcome.Checkpoint.Time.ShouldBe("2026-03-01T09:00:00.0000000Z");
        CheckpointVerification.Problem(Signed(outcome.Checkpoint), [ring.ActiveKey.PublicKeyBytes()]).ShouldBeNull();

        // Stored, and read back with the same bytes that were signed.
        var latest = (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value!;
        latest.ShouldBe(outcome.Checkpoint);
    }

    [Fact]
    public async Task No_new_checkpoint_is_signed_while_the_latest_covers_every_change_but_one_is_after_a_change()
    {
        var first = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;
        _db.Clock.Advance(TimeSpan.FromHours(1));
        var again = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;
        again.Created.ShouldBeFalse();
        again.Checkpoint.ShouldBe(first.Checkpoint);
        (await RecordsAsync()).Count.ShouldBe(4);

        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other-system"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var next = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!;
        next.Created.ShouldBeTrue();
        next.Checkpoint.TreeSize.ShouldBe(5); // the 4 before, and the new system; its own record is entry 6
        (await _db.Get<ListCheckpoints>().ExecuteAsync(null, 10, Ct)).Items.Select(c => c.TreeSize).ShouldBe([5L, 3L]);
        (await _db.Get<ListCheckpoints>().ExecuteAsync(null, 1, Ct)).NextBeforeTreeSize.ShouldBe(5);
        (await _db.Get<ListCheckpoints>().ExecuteAsync(5, 10, Ct)).Items.Select(c => c.TreeSize).ShouldBe([3L]);
    }

    [Fact]
    public async Task An_inclusion_proof_verifies_against_the_signed_root_and_an_uncovered_entry_gets_a_new_checkpoint()
    {
        await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct);

        var proof = (await _db.Get<GetInclusionProof>().ExecuteAsync(2, Ct)).Value!;
        proof["tree_size"]!.GetValue<long>().ShouldBe(3);
        var records = await RecordsAsync();
        var path = proof["inclusion_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        var root = Convert.FromHexString(proof["checkpoint"]!["checkpoint"]!["root_hash"]!.GetValue<string>());
        MerkleProofs.VerifyInclusion(1, 3, MerkleHashing.LedgerLeafHash(records[1]), path, root).ShouldBeTrue();
        MerkleProofs.VerifyInclusion(1, 3, MerkleHashing.LedgerLeafHash(records[0]), path, root).ShouldBeFalse();

        // Entry 4 (the checkpoint record) is not covered yet: asking for its proof signs a checkpoint over 4.
        var late = (await _db.Get<GetInclusionProof>().ExecuteAsync(4, Ct)).Value!;
        late["tree_size"]!.GetValue<long>().ShouldBe(4);
        (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value!.TreeSize.ShouldBe(4);

        (await _db.Get<GetInclusionProof>().ExecuteAsync(99, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<GetInclusionProof>().ExecuteAsync(0, Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    [Fact]
    public async Task A_consistency_proof_shows_an_earlier_checkpoint_is_a_prefix_of_a_later_one()
    {
        var first = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System("other-system"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var second = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;

        var doc = (await _db.Get<GetConsistencyProof>().ExecuteAsync(first.TreeSize, second.TreeSize, Ct)).Value!;
        var proof = doc["consistency_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        MerkleProofs.VerifyConsistency(3, 5, Convert.FromHexString(first.RootHash), Convert.FromHexString(second.RootHash), proof).ShouldBeTrue();
        doc["old_checkpoint"]!["checkpoint"]!["tree_size"]!.GetValue<long>().ShouldBe(3);
        doc["new_checkpoint"]!["checkpoint"]!["tree_size"]!.GetValue<long>().ShouldBe(5);

        var bad = await _db.Get<GetConsistencyProof>().ExecuteAsync(4, 2, Ct);
        bad.Kind.ShouldBe(ResultKind.Invalid);
        bad.Errors["to"].ShouldBe(["must be at least from (4)"]);
        (await _db.Get<GetConsistencyProof>().ExecuteAsync(1, 99, Ct)).Errors["to"].ShouldBe(["must be at most the ledger's size (6)"]);
    }

    [Fact]
    public async Task After_a_key_rotation_old_checkpoints_still_verify_and_new_ones_are_signed_by_the_new_key()
    {
        (await _db.Get<RotateLedgerKey>().ExecuteAsync(Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Conflict);
        var before = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;

        var rotation = (await _db.Get<RotateLedgerKey>().ExecuteAsync(Actors.Dana, Ct)).Value!;

        rotation.RetiredKeyId.ShouldBe(before.KeyId);
        var ring = LedgerKeyRing.Open(_db.Settings.DataDirectory);
        ring.ActiveKeyId.ShouldBe(rotation.KeyId);
        var records = await RecordsAsync();
        records[^1].Action.ShouldBe(LedgerActions.KeyRotated.Name);
        records[^1].Subject.ShouldBe($"ledger_key:{rotation.KeyId}");

        var after = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;
        after.KeyId.ShouldBe(rotation.KeyId);
        var allKeys = ring.Keys.Select(k => k.PublicKeyBytes()).ToList();
        CheckpointVerification.Problem(Signed(before), allKeys).ShouldBeNull();
        CheckpointVerification.Problem(Signed(after), allKeys).ShouldBeNull();
        CheckpointVerification.Problem(Signed(before), [ring.ActiveKey.PublicKeyBytes()]).ShouldNotBeNull();
        // No key_created for the rotated key: key_rotated already names it.
        records.Count(r => r.Action == LedgerActions.KeyCreated.Name).ShouldBe(1);
    }

    [Fact]
    public async Task An_export_verifies_offline_with_the_published_key_and_its_new_checkpoint_is_stored()
    {
        using var file = new MemoryStream();
        var summary = (await _db.Get<ExportLedger>().ExecuteAsync(file, Ct)).Value!;

        summary.Entries.ShouldBe(3); // two changes and the key's creation
        summary.AddedCheckpoint.ShouldNotBeNull().Checkpoint.TreeSize.ShouldBe(3);
        var ring = LedgerKeyRing.Open(_db.Settings.DataDirectory);
        file.Position = 0;
        var result = LedgerExportVerification.Verify(file, [ring.ActiveKey.PublicKeyBytes()]);
        result.Problem.ShouldBeNull();
        result.Entries.ShouldBe(3);
        result.CheckpointsVerified.ShouldBe(1);
        (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value!.TreeSize.ShouldBe(3);
        (await RecordsAsync())[^1].Action.ShouldBe(LedgerActions.CheckpointSigned.Name);

        // A second export holds both checkpoints, and the checkpoint record of the first.
        using var second = new MemoryStream();
        var again = (await _db.Get<ExportLedger>().ExecuteAsync(second, Ct)).Value!;
        again.Entries.ShouldBe(4);
        again.Checkpoints.ShouldBe(2);
        second.Position = 0;
        LedgerExportVerification.Verify(second, [ring.ActiveKey.PublicKeyBytes()]).Problem.ShouldBeNull();
    }

    [Fact]
    public async Task A_checkpoint_signed_at_a_sub_millisecond_time_still_verifies_after_it_is_stored()
    {
        _db.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var made = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;
        made.Time.ShouldBe("2026-03-01T09:00:00.1230000Z");
        var stored = (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Value!;
        CheckpointVerification.Problem(Signed(stored), null).ShouldBeNull();
    }

    [Fact]
    public async Task The_keys_folder_is_owner_only_even_when_the_web_host_created_it_first_for_its_data_protection_keys()
    {
        if (OperatingSystem.IsWindows()) return;
        var keys = Path.Combine(_db.Settings.DataDirectory, "keys");
        Directory.CreateDirectory(Path.Combine(keys, "data-protection"));
        File.SetUnixFileMode(keys, (UnixFileMode)0b111_101_101); // 0755, as a default umask leaves it

        (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        File.GetUnixFileMode(keys).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    [Fact]
    public async Task No_checkpoint_is_signed_over_a_ledger_row_someone_edited_in_the_database()
    {
        await using (var ctx = _db.NewContext())
        {
            // Someone with database access drops the append-only trigger and rewrites who registered the system.
            await ctx.Database.DropAppendOnlyTriggersAsync(Ct);
            await ctx.Database.ExecuteSqlRawAsync("UPDATE ledger_entries SET \"Actor\" = 'user:mallory' WHERE \"Seq\" = 1", Ct);
        }

        var refused = await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct);

        refused.Kind.ShouldBe(ResultKind.Conflict);
        refused.Message.ShouldStartWith("Ledger integrity alarm: ledger entry seq 1 was changed in the database: its hash does not match its fields.");
        (await _db.Get<GetLatestCheckpoint>().ExecuteAsync(Ct)).Kind.ShouldBe(ResultKind.NotFound);
    }

    [Fact]
    public async Task The_in_memory_tree_follows_new_entries_between_checkpoints_and_proofs()
    {
        for (var i = 0; i < 5; i++)
        {
            (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System($"system-{i}"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
            var made = (await _db.Get<CreateCheckpoint>().ExecuteAsync(Actors.Dana, Ct)).Value!.Checkpoint;
            var records = await RecordsAsync();
            made.RootHash.ShouldBe(Convert.ToHexStringLower(MerkleTree.FromLedger(records.Take((int)made.TreeSize)).RootHash()));
            var proof = (await _db.Get<GetInclusionProof>().ExecuteAsync(1, Ct)).Value!;
            MerkleProofs.VerifyInclusion(0, made.TreeSize, MerkleHashing.LedgerLeafHash(records[0]),
                [.. proof["inclusion_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>()))], Convert.FromHexString(made.RootHash)).ShouldBeTrue();
        }
    }
}
