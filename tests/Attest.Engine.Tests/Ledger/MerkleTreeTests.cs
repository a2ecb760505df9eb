using System.Security.Cryptography;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Ledger;

public sealed class MerkleTreeTests
{
    private static MerkleTree VectorTree() => MerkleTree.FromLeafInputs(MerkleVectors.LeafInputs());

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    [Fact]
    public void Root_of_every_prefix_matches_the_rfc6962_reference_vectors()
    {
        // Expected roots: transparency-dev/merkle testonly/constants.go (TestData/rfc6962-test-vectors.json).
        var tree = VectorTree();
        var expected = MerkleVectors.Roots();
        expected.Length.ShouldBe(9);
        for (var size = 0; size <= 8; size++)
            Hex(tree.RootHash(size)).ShouldBe(expected[size], $"tree size {size}");
    }

    [Fact]
    public void Root_of_a_tree_built_leaf_by_leaf_matches_the_reference_at_each_size()
    {
        var expected = MerkleVectors.Roots();
        var tree = new MerkleTree();
        Hex(tree.RootHash()).ShouldBe(expected[0]);
        var inputs = MerkleVectors.LeafInputs();
        for (var i = 0; i < inputs.Length; i++)
        {
            tree.AppendLeafHash(MerkleHashing.LeafHash(inputs[i]));
            Hex(tree.RootHash()).ShouldBe(expected[i + 1]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Appending_leaves_in_bulk_builds_the_same_tree_as_appending_them_one_by_one(bool parallel)
    {
        // Batches of uneven sizes (the parallel node hashing starts at 1024 parents in a level) over 5000 leaves.
        var leaves = Enumerable.Range(0, 5000).Select(i => MerkleHashing.LeafHash(BitConverter.GetBytes(i))).ToList();
        var one = new MerkleTree();
        foreach (var leaf in leaves) one.AppendLeafHash(leaf);
        var bulk = new MerkleTree();
        var at = 0;
        foreach (var batch in new[] { 1, 2, 3, 2100, 7, 0, 2600, 287 })
        {
            bulk.AppendLeafHashes(leaves.Skip(at).Take(batch).SelectMany(l => l).ToArray(), parallel);
            at += batch;
            bulk.Size.ShouldBe(at);
            Hex(bulk.RootHash()).ShouldBe(Hex(one.RootHash(at)), $"after {at} leaves");
        }
        at.ShouldBe(5000);
        foreach (var size in new long[] { 1, 2, 3, 1023, 1024, 1025, 2106, 4999, 5000 })
            Hex(bulk.RootHash(size)).ShouldBe(Hex(one.RootHash(size)), $"tree size {size}");
        bulk.InclusionProof(4321, 5000).Select(Hex).ShouldBe(one.InclusionProof(4321, 5000).Select(Hex));
        bulk.ConsistencyProof(1777, 5000).Select(Hex).ShouldBe(one.ConsistencyProof(1777, 5000).Select(Hex));
    }

    [Fact]
    public void Empty_tree_root_is_sha256_of_the_empty_string()
    {
        // RFC 9162 §2.1.1: MTH({}) = SHA-256(). Value: sha256sum of /dev/null.
        Hex(new MerkleTree().RootHash()).ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Fact]
    public void Inclusion_proofs_match_the_reference_vectors_and_verify()
    {
        // Expected paths: transparency-dev/merkle proof/verify_test.go (TestData/rfc6962-proof-vectors.json).
        var tree = VectorTree();
        var leaves = MerkleVectors.LeafInputs();
        foreach (var (leafIndex, treeSize, expectedProof) in MerkleVectors.InclusionProofs())
        {
            var proof = tree.InclusionProof(leafIndex, treeSize);
            proof.Select(Hex).ShouldBe(expectedProof, $"leaf {leafIndex} in tree {treeSize}");
            var leafHash = MerkleHashing.LeafHash(leaves[leafIndex]);
            MerkleProofs.VerifyInclusion(leafIndex, treeSize, leafHash, proof, tree.RootHash(treeSize)).ShouldBeTrue();
        }
    }

    [Fact]
    public void Consistency_proofs_match_the_reference_vectors_and_verify()
    {
        var tree = VectorTree();
        foreach (var (size1, size2, expectedProof) in MerkleVectors.ConsistencyProofs())
        {
            var proof = tree.ConsistencyProof(size1, size2);
            proof.Select(Hex).ShouldBe(expectedProof, $"sizes {size1}→{size2}");
            MerkleProofs.VerifyConsistency(size1, size2, tree.RootHash(size1), tree.RootHash(size2), proof).ShouldBeTrue();
        }
    }

    [Fact]
    public void Every_inclusion_and_consistency_proof_up_to_40_leaves_verifies_and_any_flipped_bit_fails()
    {
        var tree = MerkleTree.FromLeafInputs(Enumerable.Range(0, 40).Select(i => BitConverter.GetBytes(i)));
        for (long n = 1; n <= 40; n++)
        {
            var root = tree.RootHash(n);
            for (long m = 0; m < n; m++)
            {
                var proof = tree.InclusionProof(m, n);
                var leaf = tree.LeafHash(m).ToArray();
                MerkleProofs.VerifyInclusion(m, n, leaf, proof, root).ShouldBeTrue();
                MerkleProofs.VerifyInclusion(m, n, tree.LeafHash((m + 1) % n).ToArray(), proof, root).ShouldBe(n == 1);
                if (proof.Count > 0)
                    MerkleProofs.VerifyInclusion(m, n, leaf, Flip(proof, proof.Count - 1), root).ShouldBeFalse();
                MerkleProofs.VerifyInclusion(m, n * 2, leaf, proof, root).ShouldBeFalse();

                var consistency = tree.ConsistencyProof(m + 1, n);
                MerkleProofs.VerifyConsistency(m + 1, n, tree.RootHash(m + 1), root, consistency).ShouldBeTrue($"{m + 1}→{n}");
                if (consistency.Count > 0)
                {
                    MerkleProofs.VerifyConsistency(m + 1, n, tree.RootHash(m + 1), root, Flip(consistency, 0)).ShouldBeFalse();
                    MerkleProofs.VerifyConsistency(m + 1, n, root, tree.RootHash(m + 1), consistency).ShouldBeFalse();
                }
            }
        }
    }

    [Fact]
    public void Consistency_verification_rejects_the_degenerate_cases_of_rfc9162()
    {
        var tree = VectorTree();
        var r8 = tree.RootHash(8);
        var r6 = tree.RootHash(6);
        MerkleProofs.VerifyConsistency(6, 8, r6, r8, []).ShouldBeFalse("empty proof for different sizes");
        MerkleProofs.VerifyConsistency(8, 6, r8, r6, tree.ConsistencyProof(6, 8)).ShouldBeFalse("old size larger than new size");
        MerkleProofs.VerifyConsistency(8, 8, r8, r8, []).ShouldBeTrue();
        MerkleProofs.VerifyConsistency(8, 8, r8, r6, []).ShouldBeFalse("same size, different roots");
        MerkleProofs.VerifyConsistency(0, 8, MerkleHashing.EmptyRoot(), r8, []).ShouldBeTrue();
    }

    [Fact]
    public void Root_equals_the_recursive_rfc_definition_for_a_ragged_tree_of_1000_leaves()
    {
        var inputs = Enumerable.Range(0, 1000).Select(i => BitConverter.GetBytes(i * 7919)).ToArray();
        var hashes = inputs.Select(i => MerkleHashing.LeafHash(i)).ToArray();
        var tree = MerkleTree.FromLeafInputs(inputs);
        foreach (var size in new[] { 1, 2, 3, 511, 512, 513, 999, 1000 })
            Hex(tree.RootHash(size)).ShouldBe(Hex(ReferenceMth(hashes.AsSpan(0, size))));
    }

    [Fact]
    public void A_tree_of_one_million_leaves_builds_and_proves_without_rehashing()
    {
        var tree = new MerkleTree();
        Span<byte> leaf = stackalloc byte[MerkleHashing.HashSize];
        for (var i = 0; i < 1_000_000; i++)
        {
            BitConverter.TryWriteBytes(leaf, i);
            tree.AppendLeafHash(leaf);
        }
        var root = tree.RootHash();
        var proof = tree.InclusionProof(123_457, tree.Size);
        proof.Count.ShouldBe(20); // ⌈log2(1e6)⌉
        MerkleProofs.VerifyInclusion(123_457, tree.Size, tree.LeafHash(123_457).ToArray(), proof, root).ShouldBeTrue();
        MerkleProofs.VerifyConsistency(765_432, tree.Size, tree.RootHash(765_432), root, tree.ConsistencyProof(765_432, tree.Size)).ShouldBeTrue();
    }

    [Fact]
    public void Ledger_leaf_input_is_the_canonical_json_of_the_entry_with_its_hash()
    {
        var record = LedgerHashing.Seal(1, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), "user:dana", "system.created", "system:credit-scoring", new string('a', 64), LedgerHashing.GenesisHash);
        // Expected hashes: Python json.dumps(sort_keys=True, separators=(",", ":")) + hashlib.sha256.
        record.Hash.ShouldBe("663d3a447622ff0d53d7c119d1bd60cd823b1fb59b31b5e7dce322ffbd1931ce");
        Hex(MerkleHashing.LedgerLeafHash(record)).ShouldBe("80d995762e2abfa2b9d6f30fc12eb9d466a946f3075fd7ee656bcd95345b25c1");
        var text = System.Text.Encoding.UTF8.GetString(MerkleHashing.LedgerLeafInput(record));
        text.ShouldBe("{\"action\":\"system.created\",\"actor\":\"user:dana\",\"hash\":\"" + record.Hash + "\",\"payload_sha256\":\"" + new string('a', 64) +
            "\",\"prev_hash\":\"" + LedgerHashing.GenesisHash + "\",\"seq\":1,\"subject\":\"system:credit-scoring\",\"time\":\"2026-01-02T03:04:05.0000000Z\"}");
        Hex(MerkleHashing.LedgerLeafHash(record)).ShouldBe(Hex(SHA256.HashData([0x00, .. System.Text.Encoding.UTF8.GetBytes(text)])));
    }

    private static List<byte[]> Flip(IReadOnlyList<byte[]> proof, int index)
    {
        var copy = proof.Select(p => p.ToArray()).ToList();
        copy[index][0] ^= 0x10;
        return copy;
    }

    /// <summary>RFC 9162 §2.1.1 MTH, written straight from the definition (slow, independent of MerkleTree).</summary>
    private static byte[] ReferenceMth(ReadOnlySpan<byte[]> leafHashes)
    {
        if (leafHashes.Length == 1) return leafHashes[0];
        var k = 1;
        while (k * 2 < leafHashes.Length) k *= 2;
        return SHA256.HashData([0x01, .. ReferenceMth(leafHashes[..k]), .. ReferenceMth(leafHashes[k..])]);
    }
}
