using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>One ledger entry as it is hashed, stored and exported.</summary>
/// <param name="Subject">"type:id", e.g. "system:sys_0195…".</param>
public sealed record LedgerRecord(
    long Seq,
    DateTimeOffset Time,
    string Actor,
    string Action,
    string Subject,
    string PayloadSha256,
    string PrevHash,
    string Hash);

/// <summary>
/// The hash chain: each entry's hash covers its fields and the previous entry's hash, so changing,
/// removing, inserting or reordering any entry breaks every hash after it.
/// </summary>
public static class LedgerHashing
{
    /// <summary>The prev_hash of entry 1.</summary>
    public static readonly string GenesisHash = new('0', 64);

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>SHA-256 (lowercase hex) of the canonical JSON of a change's payload.</summary>
    public static string PayloadDigest(JsonNode? payload) => Sha256Hex(CanonicalJson.ToUtf8Bytes(payload));

    /// <summary>The canonical object whose bytes an entry's hash covers (everything but the hash).</summary>
    public static JsonObject HashedFields(long seq, DateTimeOffset time, string actor, string action, string subject, string payloadSha256, string prevHash) =>
        new()
        {
            ["seq"] = seq,
            ["time"] = FormatTime(time),
            ["actor"] = actor,
            ["action"] = action,
            ["subject"] = subject,
            ["payload_sha256"] = payloadSha256,
            ["prev_hash"] = prevHash,
        };

    public static LedgerRecord Seal(long seq, DateTimeOffset time, string actor, string action, string subject, string payloadSha256, string prevHash)
    {
        var fields = HashedFields(seq, time, actor, action, subject, payloadSha256, prevHash);
        var hash = Sha256Hex(CanonicalJson.ToUtf8Bytes(fields));
        return new LedgerRecord(seq, time, actor, action, subject, payloadSha256, prevHash, hash);
    }

    /// <summary>The entry as one canonical JSON object, hash included: the export line and the Merkle leaf input.</summary>
    public static JsonObject ToJson(LedgerRecord r)
    {
        var o = HashedFields(r.Seq, r.Time, r.Actor, r.Action, r.Subject, r.PayloadSha256, r.PrevHash);
        o["hash"] = r.Hash;
        return o;
    }

    public static string ExpectedHash(LedgerRecord r) =>
        Sha256Hex(CanonicalJson.ToUtf8Bytes(HashedFields(r.Seq, r.Time, r.Actor, r.Action, r.Subject, r.PayloadSha256, r.PrevHash)));

    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
