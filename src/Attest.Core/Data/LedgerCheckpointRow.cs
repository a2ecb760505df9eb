namespace Attest.Core.Data;

/// <summary>A signed checkpoint of the ledger's Merkle tree, as stored; one per tree size.</summary>
public sealed class LedgerCheckpointRow
{
    public long TreeSize { get; set; }
    public required string RootHash { get; set; }
    public DateTimeOffset Time { get; set; }
    public required string KeyId { get; set; }
    /// <summary>Ed25519 signature (base64) over the checkpoint's canonical JSON.</summary>
    public required string Signature { get; set; }
}
