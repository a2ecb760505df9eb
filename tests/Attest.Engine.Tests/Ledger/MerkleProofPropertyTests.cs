using Attest.Engine.Ledger;
using CsCheck;

namespace Attest.Engine.Tests.Ledger;

public sealed class MerkleProofPropertyTests
{
    private static readonly MerkleTree Tree = MerkleTree.FromLeafInputs(Enumerable.Range(0, 5000).Select(i => BitConverter.GetBytes(i * 2654435761L)));

    [Fact]
    public void Any_inclusion_proof_verifies_for_its_leaf_and_fails_for_any_other_leaf()
    {
        Gen.Int[1, 5000].SelectMany(n => Gen.Select(Gen.Int[0, n - 1], Gen.Int[0, n - 1], (m, other) => (n, m, other)))
            .Sample(t =>
            {
                var root = Tree.RootHash(t.n);
                var proof = Tree.InclusionProof(t.m, t.n);
                MerkleProofs.VerifyInclusion(t.m, t.n, Tree.LeafHash(t.m).ToArray(), proof, root).ShouldBeTrue();
                if (t.other != t.m)
                {
                    MerkleProofs.VerifyInclusion(t.m, t.n, Tree.LeafHash(t.other).ToArray(), proof, root).ShouldBeFalse();
                    MerkleProofs.VerifyInclusion(t.other, t.n, Tree.LeafHash(t.m).ToArray(), proof, root).ShouldBeFalse();
                }
            }, iter: 500);
    }

    [Fact]
    public void Any_consistency_proof_verifies_and_fails_against_a_different_old_root()
    {
        Gen.Int[2, 5000].SelectMany(n => Gen.Int[1, n - 1].Select(m => (n, m)))
            .Sample(t =>
            {
                var proof = Tree.ConsistencyProof(t.m, t.n);
                MerkleProofs.VerifyConsistency(t.m, t.n, Tree.RootHash(t.m), Tree.RootHash(t.n), proof).ShouldBeTrue();
                MerkleProofs.VerifyConsistency(t.m, t.n, Tree.RootHash(t.m - 1 == 0 ? t.m + 1 : t.m - 1), Tree.RootHash(t.n), proof).ShouldBeFalse();
            }, iter: 500);
    }
}
