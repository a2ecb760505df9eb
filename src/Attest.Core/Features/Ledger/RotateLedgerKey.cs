using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

public sealed record KeyRotation(string RetiredKeyId, string KeyId, string PublicKey, string Created);

/// <summary>
/// Retires the active ledger signing key and makes a new one (<see cref="LedgerKeyRing.Rotate"/>):
/// the old private key is deleted, its public key stays so the checkpoints it signed still verify.
/// Records <c>ledger.key_rotated</c>.
/// </summary>
public sealed class RotateLedgerKey(AttestDbContext db, GovernedWrites writes, TimeProvider time, LedgerKeys keys)
{
    public async Task<Result<KeyRotation>> ExecuteAsync(CallerIdentity caller, CancellationToken ct)
    {
        if (!keys.Exists)
            return Result<KeyRotation>.Conflict($"There is no ledger key in {LedgerKeyRing.KeysDirectory(keys.DataDirectory)} to rotate yet; the first checkpoint creates one.");
        var ring = keys.Ring;
        return await writes.ChangeAsync(caller, Permissions.LedgerKeysManage, WriteTarget.Installation, async change =>
        {
            await LedgerWriter.LockForAppendAsync(db, ct);
            var retired = ring.ActiveKeyId;
            // Rotated inside the transaction: if the commit then fails, the next checkpoint records
            // the new key as ledger.key_created, so the ledger still names every key that signs.
            var added = ring.Rotate(new LedgerClock(time));
            var payload = CreateCheckpoint.KeyPayload(added);
            payload["retired_key_id"] = retired;
            await change.RecordAsync(Governance.LedgerActions.KeyRotated, new LedgerKeySubject(added.KeyId), payload, ct);
            return Result<KeyRotation>.Ok(new KeyRotation(retired, added.KeyId, added.PublicKey, LedgerHashing.FormatTime(added.Created)));
        }, ct);
    }
}
