using System.Text;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// The ledger export: UTF-8 JSON lines, each line canonical JSON (RFC 8785 style) ended by "\n":
/// <list type="number">
/// <item>one line per entry in seq order, 1..N: the entry object (see <see cref="LedgerHashing.ToJson"/>)
/// with its payload as the member <c>"payload"</c> (the exact bytes <c>payload_sha256</c> covers). Without
/// that member the line is byte for byte the entry's Merkle leaf input;</item>
/// <item>then the signed checkpoints in ascending (tree_size, time): <c>{"checkpoint":{…},"public_key":"…","signature":"…"}</c>;</item>
/// <item>then one end line <c>{"end":{"checkpoints":C,"entries":N,"format":"attest-ledger-export/1"}}</c>,
/// so a removed last entry or checkpoint is noticed even where no signature covers it.</item>
/// </list>
/// </summary>
public static class LedgerExportFormat
{
    public const string FormatName = "attest-ledger-export/2";

    /// <summary>The export line of an entry: the leaf input with <c>"payload":…,</c> before <c>"payload_sha256"</c>, and "\n".</summary>
    public static byte[] EntryLine(LedgerExportEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var leaf = CanonicalJson.ToCanonicalString(LedgerHashing.ToJson(entry.Record));
        // Members before payload_sha256 are action, actor and hash: escaped strings and hex, so the
        // member's opening bytes cannot occur earlier in the line.
        var at = leaf.IndexOf(PayloadDigestMember, StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(leaf[..at] + PayloadMember + entry.PayloadJson + leaf[at..] + "\n");
    }

    internal const string PayloadMember = ",\"payload\":";
    internal const string PayloadDigestMember = ",\"payload_sha256\":";

    public static byte[] CheckpointLine(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Line(checkpoint.ToJson());
    }

    public static byte[] EndLine(long entries, long checkpoints) => Line(EndObject(entries, checkpoints));

    internal static JsonObject EndObject(long entries, long checkpoints) => new()
    {
        ["end"] = new JsonObject { ["entries"] = entries, ["checkpoints"] = checkpoints, ["format"] = FormatName },
    };

    /// <summary>The order checkpoints take in an export; equal keys are the same checkpoint and appear once.</summary>
    public static IReadOnlyList<SignedCheckpoint> Ordered(IEnumerable<SignedCheckpoint> checkpoints) =>
        [.. checkpoints
            .OrderBy(c => c.Checkpoint.TreeSize)
            .ThenBy(c => c.Checkpoint.Time)
            .DistinctBy(c => (c.Checkpoint.TreeSize, c.Checkpoint.Time))];

    private static byte[] Line(JsonObject value) => Encoding.UTF8.GetBytes(CanonicalJson.ToCanonicalString(value) + "\n");
}
