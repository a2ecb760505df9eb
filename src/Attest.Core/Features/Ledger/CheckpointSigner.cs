using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>Makes signed checkpoints with the key ring's active key, stamped with the injected clock.</summary>
public sealed class CheckpointSigner(LedgerKeyRing keys, TimeProvider time)
{
    /// <summary>Signs "the first <paramref name="treeSize"/> entries have root <paramref name="rootHash"/>".</summary>
    public SignedCheckpoint Sign(long treeSize, ReadOnlySpan<byte> rootHash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        if (rootHash.Length != MerkleHashing.HashSize) throw new ArgumentException("A root hash has 32 bytes.", nameof(rootHash));
        var root = Convert.ToHexStringLower(rootHash);
        var now = time.GetUtcNow();
        var (keyId, _, signature) = keys.SignWithActiveKey(id => new Checkpoint(treeSize, root, now, id).SigningMessage());
        return new SignedCheckpoint(new Checkpoint(treeSize, root, now, keyId), Convert.ToBase64String(signature), keys.Find(keyId)!.PublicKey);
    }

    /// <summary>Signs the current root of <paramref name="tree"/>.</summary>
    public SignedCheckpoint Sign(MerkleTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return Sign(tree.Size, tree.RootHash());
    }
}
