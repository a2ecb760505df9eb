using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>A signed checkpoint as the API shows it: what was signed, the signature and the key that verifies it.</summary>
/// <param name="Signature">Base64 Ed25519 signature over the canonical JSON of {key_id, root_hash, time, tree_size}.</param>
/// <param name="PublicKey">Base64 of the raw 32-byte Ed25519 public key whose id is <paramref name="KeyId"/>.</param>
public sealed record CheckpointDto(long TreeSize, string RootHash, string Time, string KeyId, string Signature, string PublicKey, string PublicKeyPem)
{
    public static CheckpointDto From(SignedCheckpoint s) => new(
        s.Checkpoint.TreeSize, s.Checkpoint.RootHash, LedgerHashing.FormatTime(s.Checkpoint.Time), s.Checkpoint.KeyId,
        s.Signature, s.PublicKey, Ed25519PublicKeys.ToPem(Convert.FromBase64String(s.PublicKey)));
}

/// <summary>The result of asking for a checkpoint: the latest one, and whether this call signed it.</summary>
public sealed record CheckpointOutcome(CheckpointDto Checkpoint, bool Created)
{
    public CheckpointOutcome(SignedCheckpoint signed, bool created) : this(CheckpointDto.From(signed), created) => Signed = signed;

    /// <summary>The checkpoint as the Engine's proofs take it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SignedCheckpoint Signed { get; } = null!;
}

internal static class CheckpointRows
{
    public static LedgerCheckpointRow ToRow(this SignedCheckpoint s) => new()
    {
        TreeSize = s.Checkpoint.TreeSize,
        RootHash = s.Checkpoint.RootHash,
        Time = s.Checkpoint.Time,
        KeyId = s.Checkpoint.KeyId,
        Signature = s.Signature,
    };

    /// <summary>The stored checkpoint with the public key of the key that signed it (this instance's or another's, <see cref="LedgerPublicKeys"/>).</summary>
    public static SignedCheckpoint ToSigned(this LedgerCheckpointRow row, LedgerPublicKeys keys)
    {
        var key = keys.Find(row.KeyId)
            ?? throw new InvalidDataException($"Checkpoint at tree_size {row.TreeSize} was signed by key {row.KeyId}, which is neither in the key ring of this data directory nor recorded in the ledger (ledger.key_created).");
        return new SignedCheckpoint(new Checkpoint(row.TreeSize, row.RootHash, row.Time.ToUniversalTime(), row.KeyId), row.Signature, key);
    }
}
