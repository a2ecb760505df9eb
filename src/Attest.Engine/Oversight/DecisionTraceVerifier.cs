using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Oversight;

/// <summary>The wire names of the ledger actions a trace's entries must carry (the catalog lives in Core).</summary>
public sealed record TraceLedgerActions(string BatchRecorded, string PolicyApproved, string ReleaseDecided, string ReviewResolved, string Appealed);

/// <summary>The verdict on a trace: every check that passed, or the problems found (tampered or inconsistent).</summary>
public sealed record TraceVerification(IReadOnlyList<string> Problems, IReadOnlyList<string> Checks, string Summary)
{
    public bool Valid => Problems.Count == 0;
}

/// <summary>
/// Checks a decision trace (<c>attest.decision-trace/v1</c>) offline, trusting nothing in it but the key the verifier
/// chose: the decision's canonical JSON and its RFC 6962 leaf hash, the fields shown against the hashed ones, the
/// inclusion proof up to the batch root, each ledger entry's hash and payload digest, their inclusion proofs up to the
/// signed checkpoint, the signature, and the bindings between them — the batch entry names this batch's root, the policy
/// entry this policy's SHA-256, the release decision this pinned gate verdict, the review entries these resolutions.
/// A document that is not a trace (missing or mistyped members) throws <see cref="FormatException"/>.
/// </summary>
public static class DecisionTraceVerifier
{
    public const string Format = "attest.decision-trace/v1";

    public static TraceVerification Verify(JsonObject trace, TraceLedgerActions actions, Func<SignedCheckpoint, string?> checkpointProblem)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(checkpointProblem);
        if (Str(trace, "format", "") != Format) throw new FormatException($"format: expected {Format}");
        var problems = new List<string>();
        var checks = new List<string>();

        // 1. The decision: its canonical JSON, its leaf hash, and the fields shown.
        var decision = Obj(trace, "decision", "");
        var canonical = Str(decision, "canonical", "decision");
        JsonObject hashed;
        try
        {
            hashed = JsonNode.Parse(canonical) as JsonObject ?? throw new FormatException("decision.canonical: expected a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"decision.canonical: not JSON ({e.Message})");
        }
        if (CanonicalJson.ToCanonicalString(hashed) != canonical)
            problems.Add("decision.canonical is not in canonical form: it was edited after it was hashed");
        if (Str(hashed, "format", "decision.canonical") != DecisionRecord.Format)
            problems.Add($"decision.canonical: format is not {DecisionRecord.Format}");
        var leaf = DecisionRecord.LeafHashOf(canonical);
        if (Str(decision, "leaf_hash", "decision") != Convert.ToHexStringLower(leaf))
            problems.Add("decision.leaf_hash does not match the SHA-256 leaf hash of decision.canonical: the decision was changed");
        foreach (var (key, value) in hashed)
        {
            if (decision[key] is { } shown && CanonicalJson.ToCanonicalString(shown) != CanonicalJson.ToCanonicalString(value))
                problems.Add($"decision.{key} shows {Short(shown)}, but the hashed decision says {Short(value)}: the trace was altered");
        }
        if (decision["input"] is { } input && input is not null)
        {
            var digest = LedgerHashing.Sha256Hex(CanonicalJson.ToUtf8Bytes(input));
            if (digest != Str(hashed, "input_digest", "decision.canonical"))
                problems.Add("decision.input does not hash to the decision's input_digest: the stored input was changed");
        }
        var decisionId = Str(hashed, "id", "decision.canonical");
        checks.Add($"decision {decisionId}: canonical JSON and leaf hash {Convert.ToHexStringLower(leaf)[..16]}…");

        // 2. The batch: the leaf up to the batch root.
        var proof = Obj(trace, "proof", "");
        var batch = Obj(proof, "batch", "proof");
        var batchRoot = Str(batch, "root_hash", "proof.batch");
        var batchSize = Long(batch, "size", "proof.batch");
        var leafIndex = Long(batch, "leaf_index", "proof.batch");
        if (!MerkleProofs.VerifyInclusion(leafIndex, batchSize, leaf, Hashes(batch, "inclusion_proof", "proof.batch"), Hex(batchRoot, "proof.batch.root_hash")))
            problems.Add($"the decision's inclusion proof does not lead to the batch root {batchRoot[..16]}…: the decision or its batch was changed");
        else
            checks.Add($"in batch {Str(batch, "id", "proof.batch")} of {batchSize} decisions (leaf {leafIndex}, root {batchRoot[..16]}…)");

        // 3. The checkpoint and every ledger entry up to it.
        var signed = Checkpoint(Obj(proof, "checkpoint", "proof"));
        var checkpointRoot = Hex(signed.Checkpoint.RootHash, "proof.checkpoint.checkpoint.root_hash");
        if (checkpointProblem(signed) is { } bad) problems.Add($"checkpoint (tree_size {signed.Checkpoint.TreeSize}): {bad}");
        else checks.Add($"checkpoint over {signed.Checkpoint.TreeSize} ledger entries signed by key {signed.Checkpoint.KeyId}");
        var entries = new List<(string Role, LedgerRecord Record, JsonObject Payload)>();
        var list = proof["entries"] as JsonArray ?? throw new FormatException("proof.entries: expected a list");
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"proof.entries[{i}]";
            var e = list[i] as JsonObject ?? throw new FormatException($"{path}: expected an object");
            var role = Str(e, "role", path);
            var record = Record(Obj(e, "entry", path), path + ".entry");
            var payload = Obj(e, "payload", path);
            if (LedgerHashing.ExpectedHash(record) != record.Hash)
                problems.Add($"ledger entry seq {record.Seq} ({role}) was changed: its hash does not match its content");
            if (LedgerHashing.PayloadDigest(payload) != record.PayloadSha256)
                problems.Add($"the payload of ledger entry seq {record.Seq} ({role}) does not match its payload_sha256: the payload was changed");
            if (Long(e, "leaf_index", path) != record.Seq - 1
                || !MerkleProofs.VerifyInclusion(record.Seq - 1, signed.Checkpoint.TreeSize, MerkleHashing.LedgerLeafHash(record), Hashes(e, "inclusion_proof", path), checkpointRoot))
                problems.Add($"ledger entry seq {record.Seq} ({role}): its inclusion proof does not lead to the signed checkpoint root");
            entries.Add((role, record, payload));
        }

        // 4. What binds them: the batch entry, the policy, the approval, the reviews.
        var systemId = Str(hashed, "system_id", "decision.canonical");
        var batchEntry = entries.Where(e => e.Role == "decisions_batch").ToList();
        if (batchEntry.Count != 1)
            problems.Add("the trace does not carry exactly one ledger entry of the decision's batch");
        else
        {
            var (_, r, p) = batchEntry[0];
            if (r.Action != actions.BatchRecorded || r.Subject != $"system:{systemId}")
                problems.Add($"ledger entry seq {r.Seq} is not the batch record of system {systemId}");
            else if (Text(p, "batch_id") != Str(batch, "id", "proof.batch") || Text(p, "root_hash") != batchRoot || Number(p, "count") != batchSize)
                problems.Add($"ledger entry seq {r.Seq} records batch {Text(p, "batch_id")} with root {Text(p, "root_hash")} and {Number(p, "count")} decisions, not the batch the proof shows");
            else
                checks.Add($"the batch root is ledger entry seq {r.Seq} ({r.Action}, {LedgerHashing.FormatTime(r.Time)})");
        }

        var policy = Obj(trace, "policy", "");
        var policyVersion = hashed["policy_version"];
        if (policyVersion is null)
        {
            if (policy["version"] is not null) problems.Add("policy.version is set, but the hashed decision was routed with no policy in force");
        }
        else
        {
            var sha = Str(hashed, "policy_sha256", "decision.canonical");
            if (policy["version"]?.ToJsonString() != policyVersion.ToJsonString() || policy["sha256"]?.GetValue<string>() != sha)
                problems.Add($"policy shows version {policy["version"]?.ToJsonString()} ({policy["sha256"]}), but the decision was routed by version {policyVersion.ToJsonString()} ({sha})");
            if (policy["document"] is { } document && LedgerHashing.Sha256Hex(CanonicalJson.ToUtf8Bytes(document)) != sha)
                problems.Add("policy.document does not hash to the policy's SHA-256: the policy shown is not the one in force");
            var approved = entries.FirstOrDefault(e => e.Role == "policy_approved");
            if (approved.Record is null)
                problems.Add("the trace carries no ledger entry of the policy's approval");
            else if (approved.Record.Action != actions.PolicyApproved || Text(approved.Payload, "sha256") != sha || approved.Payload["version"]?.ToJsonString() != policyVersion.ToJsonString())
                problems.Add($"ledger entry seq {approved.Record.Seq} is not the approval of policy version {policyVersion.ToJsonString()} ({sha})");
            else
                checks.Add($"policy version {policyVersion.ToJsonString()} (sha256 {sha[..16]}…) approved in ledger entry seq {approved.Record.Seq}");
        }
        if (policy["fired_rules"] is JsonArray fired && CanonicalJson.ToCanonicalString(fired) != CanonicalJson.ToCanonicalString(hashed["reasons"]))
            problems.Add($"policy.fired_rules {Short(fired)} are not the reasons the decision was routed for {Short(hashed["reasons"])}");

        var ungoverned = hashed["ungoverned"]?.GetValue<bool>() ?? throw new FormatException("decision.canonical.ungoverned: expected true or false");
        if (trace["approval"] is JsonObject approval)
        {
            if (ungoverned) problems.Add("the trace shows an approval in force, but the decision was recorded as ungoverned");
            var pinnedJson = Str(approval, "pinned_gate_json", "approval");
            var pinnedSha = "sha256:" + LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes(pinnedJson));
            if (Str(approval, "pinned_gate_sha256", "approval") != pinnedSha)
                problems.Add("approval.pinned_gate_json does not hash to approval.pinned_gate_sha256: the gate verdict shown is not the one pinned");
            var release = entries.FirstOrDefault(e => e.Role == "release_approval");
            if (release.Record is null)
                problems.Add("the trace carries no ledger entry of the release approval");
            else if (release.Record.Action != actions.ReleaseDecided || Text(release.Payload, "review_id") != Str(approval, "review_id", "approval")
                || Text(release.Payload, "pinned_sha256") != pinnedSha)
                problems.Add($"ledger entry seq {release.Record.Seq} is not the decision of review {Str(approval, "review_id", "approval")} with the pinned verdict shown");
            else
                checks.Add($"approval {Str(approval, "review_id", "approval")} in force, its pinned gate verdict recorded in ledger entry seq {release.Record.Seq}");
            if (approval["evidence"] is JsonArray evidence && JsonNode.Parse(pinnedJson) is JsonObject pinned
                && CanonicalJson.ToCanonicalString(evidence) != CanonicalJson.ToCanonicalString(pinned["evidence"]))
                problems.Add("approval.evidence is not the evidence list of the pinned gate verdict");
        }
        else if (!ungoverned)
        {
            problems.Add("the decision was recorded as governed, but the trace shows no approval in force");
        }
        else
        {
            checks.Add("no approval was in force: the decision is marked ungoverned");
        }

        foreach (var review in (trace["reviews"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var itemId = Str(review, "item_id", "reviews[]");
            if (review["outcome"] is null) continue;
            var resolved = entries.FirstOrDefault(e => e.Role == "review_resolved" && Text(e.Payload, "item_id") == itemId);
            if (resolved.Record is null)
                problems.Add($"the trace carries no ledger entry of the resolution of review item {itemId}");
            else if (resolved.Record.Action != actions.ReviewResolved || Text(resolved.Payload, "decision_id") != decisionId
                || Text(resolved.Payload, "outcome") != review["outcome"]?.GetValue<string>()
                || Text(resolved.Payload, "final_output") != OutputText(review["final_output"])
                || Text(resolved.Payload, "rationale") != review["rationale"]?.GetValue<string>())
                problems.Add($"review item {itemId} shows {review["outcome"]} → {Short(review["final_output"])}, but ledger entry seq {resolved.Record.Seq} recorded {Text(resolved.Payload, "outcome")} → {Text(resolved.Payload, "final_output")}");
            else
                checks.Add($"review {itemId}: {Text(resolved.Payload, "outcome")} by {resolved.Record.Actor}, recorded in ledger entry seq {resolved.Record.Seq}");
        }
        if (trace["review"] is JsonObject latest && latest["outcome"] is not null
            && !(trace["reviews"] as JsonArray ?? []).OfType<JsonObject>().Any(r => CanonicalJson.ToCanonicalString(r) == CanonicalJson.ToCanonicalString(latest)))
            problems.Add("review is not one of the reviews the trace proves");

        var summary = problems.Count == 0
            ? $"decision {decisionId}: {checks.Count} checks passed up to the checkpoint over {signed.Checkpoint.TreeSize} entries signed by key {signed.Checkpoint.KeyId}"
            : $"decision {decisionId}: {problems[0]}";
        return new TraceVerification(problems, checks, summary);
    }

    private static string OutputText(JsonNode? output) => output switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => CanonicalJson.ToCanonicalString(output),
    };

    private static SignedCheckpoint Checkpoint(JsonObject o)
    {
        var c = Obj(o, "checkpoint", "proof.checkpoint");
        var time = Str(c, "time", "proof.checkpoint.checkpoint");
        if (!DateTimeOffset.TryParseExact(time, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            throw new FormatException("proof.checkpoint.checkpoint.time: expected yyyy-MM-ddTHH:mm:ss.fffffffZ");
        return new SignedCheckpoint(new Checkpoint(Long(c, "tree_size", "proof.checkpoint.checkpoint"), Str(c, "root_hash", "proof.checkpoint.checkpoint"), at,
            Str(c, "key_id", "proof.checkpoint.checkpoint")), Str(o, "signature", "proof.checkpoint"), Str(o, "public_key", "proof.checkpoint"));
    }

    private static LedgerRecord Record(JsonObject e, string path)
    {
        var time = Str(e, "time", path);
        if (!DateTimeOffset.TryParseExact(time, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            throw new FormatException($"{path}.time: expected yyyy-MM-ddTHH:mm:ss.fffffffZ");
        return new LedgerRecord(Long(e, "seq", path), at, Str(e, "actor", path), Str(e, "action", path), Str(e, "subject", path),
            Str(e, "payload_sha256", path), Str(e, "prev_hash", path), Str(e, "hash", path));
    }

    private static IReadOnlyList<byte[]> Hashes(JsonObject o, string key, string path)
    {
        var list = o[key] as JsonArray ?? throw new FormatException($"{path}.{key}: expected a list of hex hashes");
        return list.Select((h, i) => Hex(h?.GetValue<string>() ?? "", $"{path}.{key}[{i}]")).ToList();
    }

    private static byte[] Hex(string hex, string path)
    {
        try
        {
            return hex.Length == 64 ? Convert.FromHexString(hex) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new FormatException($"{path}: expected 64 hexadecimal characters");
        }
    }

    private static JsonObject Obj(JsonObject o, string key, string path) =>
        o[key] as JsonObject ?? throw new FormatException($"{Join(path, key)}: expected an object");

    private static string Str(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"{Join(path, key)}: expected a text");

    private static long Long(JsonObject o, string key, string path) =>
        o[key] is JsonValue v && v.TryGetValue<long>(out var n) ? n
        : o[key] is JsonValue w && w.TryGetValue<int>(out var m) ? m
        : o[key] is JsonValue x && x.TryGetValue<double>(out var d) && d == Math.Floor(d) ? (long)d
        : throw new FormatException($"{Join(path, key)}: expected a whole number");

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Number(JsonObject o, string key) =>
        o[key] is JsonValue v ? (v.TryGetValue<long>(out var n) ? n : v.TryGetValue<int>(out var m) ? m : v.TryGetValue<double>(out var d) ? (long)d : null) : null;

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Short(JsonNode? node)
    {
        var text = node is null ? "null" : CanonicalJson.ToCanonicalString(node);
        return text.Length <= 60 ? text : text[..60] + "…";
    }

    /// <summary>SHA-256 of text, lowercase hex.</summary>
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
