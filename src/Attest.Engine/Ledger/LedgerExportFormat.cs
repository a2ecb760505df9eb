using System.Text;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// The ledger export: UTF-8 JSON lines, each line canonical JSON (RFC 8785 style) ended by "\n":
/// <list type="number">
/// <item>one line per entry in seq order, 1..N: the entry object (see <see cref="LedgerHashing.ToJson"/>),
/// byte for byte the entry's Merkle leaf input;</item>
/// <item>then the signed checkpoints in ascending (tree_size, time): <c>{"checkpoint":{…},"public_key":"…","signature":"…"}</c>;</item>
/// <item>then one end line <c>{"end":{"checkpoints":C,"entries":N,"format":"attest-ledger-export/1"}}</c>,
/// so a removed last entry or checkpoint is noticed even where no signature covers it.</item>
/// </list>
/// </summary>
public static class LedgerExportFormat
{
    public const string FormatName = "attest-ledger-export/1";

    public static byte[] EntryLine(LedgerRecord record) => Line(LedgerHashing.ToJson(record));

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
