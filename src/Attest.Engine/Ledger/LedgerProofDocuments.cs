using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// JSON documents for proofs served to clients (e.g. <c>GET /api/v1/ledger/{seq}/proof</c>), in the
/// same field names as assurance packs so one verifier reads both.
/// </summary>
public static class LedgerProofDocuments
{
    /// <summary>
    /// <c>{"checkpoint":{…signed…},"entry":{…},"inclusion_proof":[hex…],"leaf_index":seq−1,"tree_size":N}</c>:
    /// everything needed to check offline that <paramref name="entry"/> is in the signed tree.
    /// </summary>
    public static JsonObject Inclusion(LedgerRecord entry, MerkleTree tree, SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var size = checkpoint.Checkpoint.TreeSize;
        if (entry.Seq < 1 || entry.Seq > size)
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Seq, $"Entry seq {entry.Seq} is not covered by the checkpoint (tree_size {size}).");
        if (!tree.LeafHash(entry.Seq - 1).SequenceEqual(MerkleHashing.LedgerLeafHash(entry)))
            throw new ArgumentException($"Entry seq {entry.Seq} is not the entry the tree holds at that position.", nameof(entry));
        return new JsonObject
        {
            ["entry"] = LedgerHashing.ToJson(entry),
            ["leaf_index"] = entry.Seq - 1,
            ["tree_size"] = size,
            ["inclusion_proof"] = Hashes(tree.InclusionProof(entry.Seq - 1, size)),
            ["checkpoint"] = checkpoint.ToJson(),
        };
    }

    /// <summary><c>{"consistency_proof":[hex…],"new_size":M,"old_size":N}</c> between two checkpoints' tree sizes.</summary>
    public static JsonObject Consistency(MerkleTree tree, long oldSize, long newSize)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return new JsonObject
        {
            ["old_size"] = oldSize,
            ["new_size"] = newSize,
            ["consistency_proof"] = Hashes(tree.ConsistencyProof(oldSize, newSize)),
        };
    }

    private static JsonArray Hashes(IEnumerable<byte[]> hashes) => [.. hashes.Select(h => (JsonNode)Convert.ToHexStringLower(h))];
}
