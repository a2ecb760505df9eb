using System.Text.Json;

namespace Attest.Engine.Ledger;

/// <summary>Reads entry and checkpoint objects as Attest writes them; anything else is an error naming the field.</summary>
public static class LedgerLineParsing
{
    public static LedgerRecord? Entry(JsonElement obj, out string? error)
    {
        error = obj.ValueKind == JsonValueKind.Object ? null : "an entry must be a JSON object";
        var seq = LedgerJsonFields.Integer(obj, "seq", ref error);
        var time = LedgerJsonFields.Time(obj, "time", ref error);
        var actor = LedgerJsonFields.String(obj, "actor", ref error);
        var action = LedgerJsonFields.String(obj, "action", ref error);
        var subject = LedgerJsonFields.String(obj, "subject", ref error);
        var payload = LedgerJsonFields.Hex(obj, "payload_sha256", 64, ref error);
        var prev = LedgerJsonFields.Hex(obj, "prev_hash", 64, ref error);
        var hash = LedgerJsonFields.Hex(obj, "hash", 64, ref error);
        if (error is not null) return null;
        if (seq < 1)
        {
            error = "'seq' must be 1 or more";
            return null;
        }
        return new LedgerRecord(seq!.Value, time!.Value, actor!, action!, subject!, payload!, prev!, hash!);
    }

    public static SignedCheckpoint? Checkpoint(JsonElement obj, out string? error)
    {
        error = obj.ValueKind == JsonValueKind.Object ? null : "a checkpoint line must be a JSON object";
        var body = LedgerJsonFields.Object(obj, "checkpoint", ref error);
        if (error is not null) return null;
        var treeSize = LedgerJsonFields.Integer(body!.Value, "tree_size", ref error);
        var root = LedgerJsonFields.Hex(body.Value, "root_hash", 64, ref error);
        var time = LedgerJsonFields.Time(body.Value, "time", ref error);
        var keyId = LedgerJsonFields.Hex(body.Value, "key_id", 16, ref error);
        var signature = LedgerJsonFields.Base64(obj, "signature", 64, ref error);
        var publicKey = LedgerJsonFields.Base64(obj, "public_key", 32, ref error);
        if (error is not null) return null;
        if (treeSize < 0)
        {
            error = "'tree_size' must be 0 or more";
            return null;
        }
        return new SignedCheckpoint(new Checkpoint(treeSize!.Value, root!, time!.Value, keyId!), signature!, publicKey!);
    }
}
