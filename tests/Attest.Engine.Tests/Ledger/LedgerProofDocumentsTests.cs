using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Tests.Ledger;

public sealed class LedgerProofDocumentsTests
{
    private static List<LedgerRecord> Ledger(int count)
    {
        var records = new List<LedgerRecord>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var r = LedgerHashing.Seal(seq, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(seq), "user:a", "system.edited", "system:s",
                LedgerHashing.PayloadDigest(new JsonObject { ["seq"] = seq }), prev);
            records.Add(r);
            prev = r.Hash;
        }
        return records;
    }

    [Fact]
    public void An_inclusion_document_carries_what_an_offline_check_needs_and_the_check_passes()
    {
        var ledger = Ledger(11);
        var tree = MerkleTree.FromLedger(ledger);
        var root = Convert.ToHexStringLower(tree.RootHash(9));
        var signed = new SignedCheckpoint(new Checkpoint(9, root, new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), "0123456789abcdef"), "c2ln", "a2V5");
        var doc = LedgerProofDocuments.Inclusion(ledger[4], tree, signed);

        doc["leaf_index"]!.GetValue<long>().ShouldBe(4);
        doc["tree_size"]!.GetValue<long>().ShouldBe(9);
        var proof = doc["inclusion_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        proof.Count.ShouldBe(4); // 9 leaves: depth 4 on the left part
        var leaf = MerkleHashing.LeafHash(CanonicalJson.ToUtf8Bytes(doc["entry"]));
        MerkleProofs.VerifyInclusion(4, 9, leaf, proof, Convert.FromHexString(doc["checkpoint"]!["checkpoint"]!["root_hash"]!.GetValue<string>())).ShouldBeTrue();

        Should.Throw<ArgumentOutOfRangeException>(() => LedgerProofDocuments.Inclusion(ledger[10], tree, signed));
        Should.Throw<ArgumentException>(() => LedgerProofDocuments.Inclusion(ledger[4] with { Actor = "user:b" }, tree, signed));
    }

    [Fact]
    public void A_consistency_document_proves_the_old_tree_is_a_prefix_of_the_new()
    {
        var tree = MerkleTree.FromLedger(Ledger(11));
        var doc = LedgerProofDocuments.Consistency(tree, 6, 11);
        var proof = doc["consistency_proof"]!.AsArray().Select(h => Convert.FromHexString(h!.GetValue<string>())).ToList();
        MerkleProofs.VerifyConsistency(6, 11, tree.RootHash(6), tree.RootHash(11), proof).ShouldBeTrue();
    }
}
