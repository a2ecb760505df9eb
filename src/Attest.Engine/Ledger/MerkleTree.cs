using Attest.Engine.Hashing;

namespace Attest.Engine.Ledger;

/// <summary>
/// An append-only RFC 9162 Merkle tree over leaf hashes. It keeps the hash of every complete
/// (perfect, aligned) subtree, level by level, so appending a leaf costs O(1) amortised hashes, the
/// root of any prefix costs O(log n) and a proof O(log² n) — no leaf is hashed twice, which keeps
/// trees of a million entries cheap. Memory: about 64 bytes per leaf.
/// </summary>
public sealed class MerkleTree
{
    // _levels[h][i] = MTH of leaves [i·2^h, (i+1)·2^h); level 0 holds the leaf hashes.
    private readonly List<HashList> _levels = [new HashList()];

    public long Size => _levels[0].Count;

    public static MerkleTree FromLeafInputs(IEnumerable<byte[]> leafInputs)
    {
        ArgumentNullException.ThrowIfNull(leafInputs);
        var tree = new MerkleTree();
        foreach (var input in leafInputs)
            tree.AppendLeafHash(MerkleHashing.LeafHash(input));
        return tree;
    }

    public static MerkleTree FromLedger(IEnumerable<LedgerRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var tree = new MerkleTree();
        foreach (var record in records)
            tree.AppendLedgerRecord(record);
        return tree;
    }

    public void AppendLedgerRecord(LedgerRecord record) => AppendLeafHash(MerkleHashing.LedgerLeafHash(record));

    public void AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHashing.HashSize)
            throw new ArgumentException($"A leaf hash has {MerkleHashing.HashSize} bytes.", nameof(leafHash));
        leafHash.CopyTo(_levels[0].AddSlot());
        // Each time a level gets an even count, its last two nodes complete a parent one level up.
        for (var h = 0; _levels[h].Count % 2 == 0; h++)
        {
            if (h + 1 == _levels.Count) _levels.Add(new HashList());
            var level = _levels[h];
            var parent = _levels[h + 1].AddSlot();
            MerkleHashing.NodeHash(level[level.Count - 2], level[level.Count - 1], parent);
        }
    }

    /// <summary>
    /// Appends many leaf hashes (32 bytes each, in order) at once: the same tree as appending them one by one,
    /// with the interior nodes they complete hashed level by level — on every core when <paramref name="parallel"/>
    /// and there are enough of them (the nodes of one level are independent).
    /// </summary>
    public void AppendLeafHashes(ReadOnlySpan<byte> leafHashes, bool parallel)
    {
        if (leafHashes.Length % MerkleHashing.HashSize != 0)
            throw new ArgumentException($"Leaf hashes have {MerkleHashing.HashSize} bytes each.", nameof(leafHashes));
        if (leafHashes.IsEmpty) return;
        var count = leafHashes.Length / MerkleHashing.HashSize;
        var before = _levels[0].Count;
        leafHashes.CopyTo(_levels[0].AddSlots(count));
        for (var h = 0; ; h++)
        {
            var level = _levels[h];
            var firstParent = before / 2;
            var parents = level.Count / 2 - firstParent;
            if (parents == 0) break;
            if (h + 1 == _levels.Count) _levels.Add(new HashList());
            var up = _levels[h + 1];
            before = up.Count;
            up.AddSlots(checked((int)parents));
            HashParents(level, up, firstParent, parents, parallel);
        }
    }

    private static void HashParents(HashList children, HashList parents, long first, long count, bool parallel)
    {
        const int Chunk = 512;
        if (!parallel || count < 2 * Chunk)
        {
            HashParents(children, parents, first, first + count);
            return;
        }
        var chunks = (int)((count + Chunk - 1) / Chunk);
        System.Threading.Tasks.Parallel.For(0, chunks, c => HashParents(children, parents, first + (long)c * Chunk, Math.Min(first + count, first + (long)(c + 1) * Chunk)));
    }

    private static void HashParents(HashList children, HashList parents, long from, long to)
    {
        using var sha = new Sha256Context();
        Span<byte> buffer = stackalloc byte[1 + 2 * MerkleHashing.HashSize];
        buffer[0] = 0x01;
        for (var p = from; p < to; p++)
        {
            children.Pair(2 * p).CopyTo(buffer[1..]);
            sha.Hash(buffer, parents.Slot(p));
        }
    }

    public ReadOnlySpan<byte> LeafHash(long leafIndex) => _levels[0][leafIndex];

    /// <summary>MTH of the whole tree.</summary>
    public byte[] RootHash() => RootHash(Size);

    /// <summary>MTH(D[0:treeSize]): the root the tree had when it held <paramref name="treeSize"/> leaves.</summary>
    public byte[] RootHash(long treeSize)
    {
        CheckSize(treeSize);
        return treeSize == 0 ? MerkleHashing.EmptyRoot() : SubtreeHash(0, treeSize);
    }

    /// <summary>RFC 9162 §2.1.3.1 PATH(m, D[0:treeSize]): the audit path of leaf m, deepest sibling first.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long leafIndex, long treeSize)
    {
        CheckSize(treeSize);
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, treeSize);
        var path = new List<byte[]>();
        Path(leafIndex, 0, treeSize, path);
        return path;
    }

    /// <summary>
    /// RFC 9162 §2.1.4.1 PROOF(m, D[0:n]): the hashes that show the tree of size
    /// <paramref name="oldSize"/> is a prefix of the tree of size <paramref name="newSize"/>.
    /// Empty when oldSize is 0 or equals newSize.
    /// </summary>
    public IReadOnlyList<byte[]> ConsistencyProof(long oldSize, long newSize)
    {
        CheckSize(newSize);
        ArgumentOutOfRangeException.ThrowIfNegative(oldSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(oldSize, newSize);
        var proof = new List<byte[]>();
        if (oldSize > 0 && oldSize < newSize)
            SubProof(oldSize, 0, newSize, startsFromOldRoot: true, proof);
        return proof;
    }

    private void Path(long m, long start, long end, List<byte[]> path)
    {
        var n = end - start;
        if (n == 1) return;
        var k = MerkleHashing.SplitPoint(n);
        if (m < k)
        {
            Path(m, start, start + k, path);
            path.Add(SubtreeHash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, path);
            path.Add(SubtreeHash(start, start + k));
        }
    }

    private void SubProof(long m, long start, long end, bool startsFromOldRoot, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!startsFromOldRoot) proof.Add(SubtreeHash(start, end));
            return;
        }
        var k = MerkleHashing.SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, startsFromOldRoot, proof);
            proof.Add(SubtreeHash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, startsFromOldRoot: false, proof);
            proof.Add(SubtreeHash(start, start + k));
        }
    }

    /// <summary>MTH(D[start:end]) from stored complete subtrees; only the ragged right edge is hashed.</summary>
    private byte[] SubtreeHash(long start, long end)
    {
        var n = end - start;
        if (long.IsPow2(n) && start % n == 0)
        {
            var height = System.Numerics.BitOperations.Log2((ulong)n);
            return _levels[height][start >> height].ToArray();
        }
        var k = MerkleHashing.SplitPoint(n);
        return MerkleHashing.NodeHash(SubtreeHash(start, start + k), SubtreeHash(start + k, end));
    }

    private void CheckSize(long treeSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(treeSize, Size);
    }
}
