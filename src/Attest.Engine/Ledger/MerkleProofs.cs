namespace Attest.Engine.Ledger;

/// <summary>
/// Verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs. Needs only the
/// proof, the sizes and the hashes — never the log — so an auditor can run it offline.
/// </summary>
public static class MerkleProofs
{
    /// <summary>True when <paramref name="proof"/> shows leaf <paramref name="leafIndex"/> with hash <paramref name="leafHash"/> is in the tree of size <paramref name="treeSize"/> with root <paramref name="rootHash"/>.</summary>
    public static bool VerifyInclusion(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var computed = RootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
        return computed is not null && rootHash.SequenceEqual(computed);
    }

    /// <summary>The root an inclusion proof leads to, or null when the proof's shape cannot fit the tree.</summary>
    public static byte[]? RootFromInclusionProof(long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (leafIndex < 0 || leafIndex >= treeSize || leafHash.Length != MerkleHashing.HashSize) return null;
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p.Length != MerkleHashing.HashSize) return null;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleHashing.NodeHash(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = MerkleHashing.NodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /// <summary>True when <paramref name="proof"/> shows the tree of size <paramref name="oldSize"/> (root <paramref name="oldRoot"/>) is a prefix of the tree of size <paramref name="newSize"/> (root <paramref name="newRoot"/>).</summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize) return false;
        if (oldSize == newSize) return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        if (oldSize == 0) return proof.Count == 0;
        if (proof.Count == 0 || proof.Any(p => p.Length != MerkleHashing.HashSize)) return false;
        if (oldRoot.Length != MerkleHashing.HashSize || newRoot.Length != MerkleHashing.HashSize) return false;

        var path = new List<byte[]>(proof.Count + 1);
        if (long.IsPow2(oldSize)) path.Add(oldRoot.ToArray());
        path.AddRange(proof);

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleHashing.NodeHash(c, fr);
                sr = MerkleHashing.NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = MerkleHashing.NodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && oldRoot.SequenceEqual(fr) && newRoot.SequenceEqual(sr);
    }
}
