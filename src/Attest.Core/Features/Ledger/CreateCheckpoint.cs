using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Signs a checkpoint over the whole ledger with the data directory's key ring, stores it and records
/// <c>ledger.checkpoint_signed</c> (and <c>ledger.key_created</c> the first time a key signs). Nothing
/// is signed when the latest checkpoint already covers every entry except checkpoint records
/// themselves — otherwise each checkpoint's own entry would call for the next one, forever.
/// Checkpoints that Attest signs by itself (the schedule, proofs, packs, exports) name Attest as the actor; one asked
/// for on demand names whoever asked.
/// </summary>
public sealed class CreateCheckpoint(AttestDbContext db, GovernedWrites writes, TimeProvider time, LedgerKeys keys, LedgerTree tree, LedgerIntegrityMonitor monitor, CheckpointWitnesses witnesses)
{
    /// <summary>A checkpoint covering every entry that is not itself a checkpoint record (the schedule and POST).</summary>
    public Task<Result<CheckpointOutcome>> ExecuteAsync(CallerIdentity caller, CancellationToken ct) => CoverAsync(null, caller, ct);

    /// <summary>
    /// A checkpoint covering at least entry <paramref name="seq"/> (for an inclusion proof): the
    /// latest one when it does, otherwise a new one over the whole ledger. NotFound for an unknown seq.
    /// </summary>
    public async Task<Result<CheckpointOutcome>> CoverAsync(long? seq, CallerIdentity caller, CancellationToken ct)
    {
        if (monitor.Alarm is { } alarm) return Refused(alarm.Problem);
        var ring = keys.Ring;
        await RecordKeyAsync(ring, ct);
        Result<CheckpointOutcome> result;
        try
        {
            result = await SignAsync(seq, ring, caller, ct);
        }
        catch (LedgerIntegrityException e)
        {
            monitor.Report(e);
            return Refused(e.Message);
        }
        if (result is { IsOk: true, Value.Created: true }) await witnesses.PublishAsync(result.Value.Signed, await OriginAsync(db, ct), ct);
        return result;
    }

    /// <summary>The ledger's name in checkpoint notes, from entry 1 (<see cref="CheckpointNote.Origin"/>).</summary>
    internal static async Task<string> OriginAsync(AttestDbContext db, CancellationToken ct) =>
        CheckpointNote.Origin(await db.Ledger.AsNoTracking().Where(e => e.Seq == 1).Select(e => e.Hash).FirstOrDefaultAsync(ct) ?? "");

    /// <summary>The answer while the ledger has an integrity alarm: nothing is signed over altered rows.</summary>
    internal static Result<T> Refused<T>(string problem) => Result<T>.Conflict(
        $"Ledger integrity alarm: {problem}. Attest refuses to sign checkpoints or exports over an altered ledger; restore the database from a backup (see docs/ledger.md, trust model).");

    private static Result<CheckpointOutcome> Refused(string problem) => Refused<CheckpointOutcome>(problem);

    private async Task<Result<CheckpointOutcome>> SignAsync(long? seq, LedgerKeyRing ring, CallerIdentity caller, CancellationToken ct)
    {
        return await writes.ChangeAsync(caller, Permissions.LedgerCheckpoint, WriteTarget.Installation, async change =>
        {
            await LedgerWriter.LockForAppendAsync(db, ct);
            var latest = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
            var size = await db.Ledger.AsNoTracking().MaxAsync(e => (long?)e.Seq, ct) ?? 0;
            if (seq is { } wanted && (wanted < 1 || wanted > size)) return Result<CheckpointOutcome>.NotFound($"No ledger entry with seq {wanted}.");
            var checkpointSigned = Governance.LedgerActions.CheckpointSigned.Name;
            var target = seq ?? await db.Ledger.AsNoTracking().Where(e => e.Action != checkpointSigned).MaxAsync(e => (long?)e.Seq, ct) ?? 0;
            if (latest is not null && latest.TreeSize >= target)
                return Result<CheckpointOutcome>.Ok(new CheckpointOutcome(latest.ToSigned(await LedgerPublicKeys.ForAsync(db, ring, [latest.KeyId], ct)), created: false));

            var signer = new CheckpointSigner(ring, new LedgerClock(time));
            var signed = await tree.UseAsync(db, t =>
            {
                // The tree must still have the root the latest stored checkpoint signed: a ledger rewritten
                // since (re-hashed from an edited row) gets no new signature.
                if (latest is not null && (latest.TreeSize > t.Size || Convert.ToHexStringLower(t.RootHash(latest.TreeSize)) != latest.RootHash))
                    throw new LedgerIntegrityException(Math.Min(latest.TreeSize, t.Size),
                        $"the stored checkpoint over {latest.TreeSize} entries has root {latest.RootHash}, which the ledger's entries no longer give: the ledger was rewritten after it was signed");
                return signer.Sign(t);
            }, ct);
            await StoreAsync(db, change, signed, ct);
            return Result<CheckpointOutcome>.Ok(new CheckpointOutcome(signed, created: true));
        }, ct);
    }

    /// <summary>Stores a freshly signed checkpoint and records its signing in the ledger (inside the caller's transaction).</summary>
    internal static async Task StoreAsync(AttestDbContext db, GovernedChange change, SignedCheckpoint signed, CancellationToken ct)
    {
        db.LedgerCheckpoints.Add(signed.ToRow());
        var c = signed.Checkpoint;
        await change.RecordAsync(Governance.LedgerActions.CheckpointSigned, LedgerCheckpointsSubject.Instance, new JsonObject
        {
            ["tree_size"] = c.TreeSize,
            ["root_hash"] = c.RootHash,
            ["time"] = LedgerHashing.FormatTime(c.Time),
            ["key_id"] = c.KeyId,
            ["signature"] = signed.Signature,
        }, ct);
    }

    // The ledger names every key that ever signed. Checked against the ledger rather than remembered
    // from "the ring was just created", so a crash between making the key and committing the entry
    // is repaired by the next checkpoint.
    internal async Task RecordKeyAsync(LedgerKeyRing ring, CancellationToken ct)
    {
        var key = new LedgerKeySubject(ring.ActiveKey.KeyId);
        if (await db.Ledger.AsNoTracking().AnyAsync(e => e.Subject == key.LedgerSubject, ct)) return;
        await writes.ChangeAsync(CallerIdentity.Attest, Permissions.LedgerCheckpoint, WriteTarget.Installation, async change =>
        {
            if (await db.Ledger.AsNoTracking().AnyAsync(e => e.Subject == key.LedgerSubject, ct)) return Result<bool>.Ok(false);
            await change.RecordAsync(Governance.LedgerActions.KeyCreated, key, KeyPayload(ring.ActiveKey), ct);
            return Result<bool>.Ok(true);
        }, ct);
    }

    internal static JsonObject KeyPayload(LedgerKeyInfo key) => new()
    {
        ["key_id"] = key.KeyId,
        ["algorithm"] = "Ed25519",
        ["public_key"] = key.PublicKey,
        ["created"] = LedgerHashing.FormatTime(key.Created),
    };
}
