using System.Text.Json.Nodes;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

/// <summary>A trace built by hand from its parts verifies, and every kind of tampering with it is named.</summary>
public sealed class DecisionTraceVerifierTests
{
    private static readonly TraceLedgerActions Actions = new("batch.recorded", "policy.approved", "release.decided", "review.resolved", "decision.appeal");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static JsonObject Trace()
    {
        var records = Enumerable.Range(0, 3).Select(i => DecisionRecordTests.Sample($"dec_{i}", ungoverned: true)).ToList();
        var batch = new MerkleTree();
        foreach (var r in records) batch.AppendLeafHash(r.LeafHash());
        var root = Convert.ToHexStringLower(batch.RootHash());
        var target = records[1];
        var canonical = target.ToCanonicalJson();

        var payloads = new JsonObject[]
        {
            new() { ["note"] = "something earlier" },
            new() { ["version"] = 2, ["sha256"] = new string('c', 64) },
            new() { ["batch_id"] = "dcb_1", ["root_hash"] = root, ["count"] = 3 },
        };
        string[] actions = ["system.registered", "policy.approved", "batch.recorded"];
        var ledger = new List<LedgerRecord>();
        var prev = LedgerHashing.GenesisHash;
        for (var i = 0; i < 3; i++)
        {
            var record = LedgerHashing.Seal(i + 1, T0.AddMinutes(i), "user:dana", actions[i], "system:sys_1", LedgerHashing.PayloadDigest(payloads[i]), prev);
            ledger.Add(record);
            prev = record.Hash;
        }
        var tree = MerkleTree.FromLedger(ledger);
        var checkpoint = new SignedCheckpoint(new Checkpoint(3, Convert.ToHexStringLower(tree.RootHash()), T0.AddHours(1), "0123456789abcdef"), "c2ln", "a2V5");
        JsonObject Entry(string role, int i) => new()
        {
            ["role"] = role,
            ["seq"] = i + 1,
            ["entry"] = LedgerHashing.ToJson(ledger[i]),
            ["payload"] = payloads[i].DeepClone(),
            ["leaf_index"] = i,
            ["inclusion_proof"] = new JsonArray([.. tree.InclusionProof(i, 3).Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
        };
        var decision = JsonNode.Parse(canonical)!.AsObject();
        decision["canonical"] = canonical;
        decision["leaf_hash"] = Convert.ToHexStringLower(target.LeafHash());
        decision["system"] = new JsonObject { ["slug"] = "card-fraud-detection" };
        return new JsonObject
        {
            ["format"] = DecisionTraceVerifier.Format,
            ["decision"] = decision,
            ["approval"] = null,
            ["policy"] = new JsonObject { ["version"] = 2, ["sha256"] = new string('c', 64), ["fired_rules"] = new JsonArray("fraud-score", "low-confidence") },
            ["review"] = null,
            ["reviews"] = new JsonArray(),
            ["proof"] = new JsonObject
            {
                ["batch"] = new JsonObject
                {
                    ["id"] = "dcb_1",
                    ["size"] = 3,
                    ["leaf_index"] = 1,
                    ["root_hash"] = root,
                    ["inclusion_proof"] = new JsonArray([.. batch.InclusionProof(1, 3).Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
                },
                ["checkpoint"] = checkpoint.ToJson(),
                ["entries"] = new JsonArray(Entry("policy_approved", 1), Entry("decisions_batch", 2)),
            },
        };
    }

    private static TraceVerification Verify(JsonObject trace, string? signatureProblem = null) =>
        DecisionTraceVerifier.Verify(trace, Actions, _ => signatureProblem);

    [Fact]
    public void An_untouched_trace_verifies()
    {
        var result = Verify(Trace());
        result.Problems.ShouldBeEmpty();
        result.Checks.Count.ShouldBeGreaterThanOrEqualTo(5);
        result.Summary.ShouldContain("dec_1");
    }

    [Fact]
    public void A_changed_output_shown_beside_the_hashed_decision_is_named()
    {
        var trace = Trace();
        trace["decision"]!["output"] = "approve";
        Verify(trace).Problems.ShouldContain(p => p.Contains("decision.output shows \"approve\""));
    }

    [Fact]
    public void A_rewritten_decision_breaks_its_leaf_hash_and_its_inclusion_proof()
    {
        var trace = Trace();
        var canonical = trace["decision"]!["canonical"]!.GetValue<string>().Replace("\"decline\"", "\"approve\"", StringComparison.Ordinal);
        trace["decision"]!["canonical"] = canonical;
        trace["decision"]!["output"] = "approve";
        var problems = Verify(trace).Problems;
        problems.ShouldContain(p => p.Contains("leaf_hash does not match"));
        // Even with a matching leaf hash, the batch root does not accept it.
        trace["decision"]!["leaf_hash"] = Convert.ToHexStringLower(DecisionRecord.LeafHashOf(canonical));
        Verify(trace).Problems.ShouldContain(p => p.Contains("inclusion proof does not lead to the batch root"));
    }

    [Fact]
    public void A_changed_batch_root_no_longer_matches_the_ledger_entry()
    {
        var trace = Trace();
        trace["proof"]!["batch"]!["root_hash"] = new string('e', 64);
        var problems = Verify(trace).Problems;
        problems.ShouldContain(p => p.Contains("batch root"));
    }

    [Fact]
    public void A_changed_ledger_payload_or_entry_is_named()
    {
        var trace = Trace();
        trace["proof"]!["entries"]![1]!["payload"]!["count"] = 4;
        Verify(trace).Problems.ShouldContain(p => p.Contains("does not match its payload_sha256"));

        trace = Trace();
        trace["proof"]!["entries"]![1]!["entry"]!["actor"] = "user:mallory";
        var problems = Verify(trace).Problems;
        problems.ShouldContain(p => p.Contains("was changed: its hash does not match"));
    }

    [Fact]
    public void An_entry_not_in_the_signed_tree_is_named()
    {
        var trace = Trace();
        var proof = trace["proof"]!["entries"]![1]!["inclusion_proof"]!.AsArray();
        proof[0] = new string('0', 64);
        Verify(trace).Problems.ShouldContain(p => p.Contains("does not lead to the signed checkpoint root"));
    }

    [Fact]
    public void A_bad_signature_is_named() =>
        Verify(Trace(), "the signature by key 0123 does not verify").Problems.ShouldContain(p => p.Contains("does not verify"));

    [Fact]
    public void A_different_policy_than_the_one_that_routed_the_decision_is_named()
    {
        var trace = Trace();
        trace["policy"]!["sha256"] = new string('d', 64);
        Verify(trace).Problems.ShouldContain(p => p.Contains("was routed by version 2"));
        trace = Trace();
        trace["policy"]!["fired_rules"] = new JsonArray("fraud-score");
        Verify(trace).Problems.ShouldContain(p => p.Contains("fired_rules"));
    }

    [Fact]
    public void An_approval_shown_for_an_ungoverned_decision_is_inconsistent()
    {
        var trace = Trace();
        trace["approval"] = new JsonObject { ["review_id"] = "rev_1", ["pinned_gate_json"] = "{}", ["pinned_gate_sha256"] = "sha256:x" };
        Verify(trace).Problems.ShouldContain(p => p.Contains("recorded as ungoverned"));
    }

    [Fact]
    public void Something_that_is_not_a_trace_is_bad_input()
    {
        Should.Throw<FormatException>(() => Verify(new JsonObject { ["format"] = "nope" }));
        var trace = Trace();
        trace.Remove("proof");
        Should.Throw<FormatException>(() => Verify(trace)).Message.ShouldContain("proof");
    }
}
