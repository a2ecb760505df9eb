using System.Text.Json;
using Attest.Engine.Ledger;

namespace Attest.Engine.Packs;

/// <summary>
/// The governance files of an assurance pack and how their records are tied to the pack's ledger entries.
/// Each file is <c>{"format": …, "system_id": …, "records": [{"id": …, …}]}</c>. Inside a record:
/// <list type="bullet">
/// <item><c>"ledger": [ref, …]</c> on a record (or part of it) names the entries that recorded it; each entry's payload
/// must name the record under the file's record key (<see cref="RecordKeys"/>: <c>review_id</c>, <c>waiver_id</c>…);</item>
/// <item><c>"recorded_as": ref</c> on an object (a sign-off, a decision, a waiver request…) says the object is what that
/// one entry recorded: besides naming the record, every field the entry's payload holds that the object also has must
/// be equal to it.</item>
/// </list>
/// A ref is <c>{"seq", "hash", "action", "payload_sha256"}</c>: the entry must be in <c>ledger/entries.jsonl</c> with
/// exactly that hash, action and payload digest (the entries themselves are proven against the checkpoint first).
/// </summary>
public static class GovernanceRecords
{
    public const string Reviews = "governance/reviews.json";
    public const string Waivers = "governance/waivers.json";
    public const string Risks = "governance/risks.json";
    public const string Incidents = "governance/incidents.json";
    public const string MaterialChanges = "governance/material-changes.json";
    /// <summary>Evaluated when the pack was made, not recorded in the ledger: no refs.</summary>
    public const string GateVerdicts = "governance/gate-verdicts.json";

    public const string LedgerProperty = "ledger";
    public const string RecordedAsProperty = "recorded_as";

    /// <summary>The payload field by which a ledger entry names a record of each governance file.</summary>
    public static readonly IReadOnlyDictionary<string, string> RecordKeys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Reviews] = "review_id",
        [Waivers] = "waiver_id",
        [Risks] = "risk_id",
        [Incidents] = "incident_id",
        [MaterialChanges] = "assessment_id",
    };

    /// <summary>The entry an entry line holds, as much of it as a record ref is checked against.</summary>
    public sealed record EntryFacts(long Seq, string Hash, string Action, string PayloadSha256, JsonElement Payload);

    /// <summary>Reads verified entry lines (<see cref="AssurancePackVerifier"/> checked their hashes and proofs).</summary>
    public static Dictionary<long, EntryFacts> ReadEntries(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new Dictionary<long, EntryFacts>();
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var seq = root.GetProperty("seq").GetInt64();
            entries[seq] = new EntryFacts(seq, root.GetProperty("hash").GetString()!, root.GetProperty("action").GetString()!,
                root.GetProperty("payload_sha256").GetString()!, root.GetProperty("payload").Clone());
        }
        return entries;
    }

    /// <summary>Null when every record of every governance file in <paramref name="files"/> agrees with the entries, else the first problem (naming the file).</summary>
    public static LedgerProblem? Check(IReadOnlyDictionary<string, byte[]> files, IReadOnlyDictionary<long, EntryFacts> entries)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (path, key) in RecordKeys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!files.TryGetValue(path, out var bytes)) continue;
            try
            {
                using var document = JsonDocument.Parse(bytes);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("records", out var records) || records.ValueKind != JsonValueKind.Array)
                    return Malformed($"{path}: 'records' must be an array");
                var n = 0;
                foreach (var record in records.EnumerateArray())
                {
                    n++;
                    if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                        return Malformed($"{path}: record {n} must be an object with a string 'id'");
                    if (Walk(path, key, id.GetString()!, record, entries) is { } problem) return problem;
                }
            }
            catch (JsonException e)
            {
                return Malformed($"{path}: not valid JSON ({e.Message})");
            }
        }
        return null;
    }

    private static LedgerProblem? Walk(string path, string key, string recordId, JsonElement node, IReadOnlyDictionary<long, EntryFacts> entries)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in node.EnumerateArray())
                if (Walk(path, key, recordId, item, entries) is { } problem) return problem;
            return null;
        }
        if (node.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in node.EnumerateObject())
        {
            LedgerProblem? problem;
            if (property.NameEquals(LedgerProperty))
            {
                if (property.Value.ValueKind != JsonValueKind.Array) return Malformed($"{path}: record {recordId}: '{LedgerProperty}' must be an array of entry references");
                foreach (var reference in property.Value.EnumerateArray())
                    if (Resolve(path, key, recordId, reference, entries, out _) is { } bad) return bad;
                continue;
            }
            if (property.NameEquals(RecordedAsProperty))
            {
                problem = Resolve(path, key, recordId, property.Value, entries, out var entry);
                if (problem is not null) return problem;
                foreach (var recorded in entry!.Payload.EnumerateObject())
                {
                    if (recorded.Name is LedgerProperty or RecordedAsProperty || !node.TryGetProperty(recorded.Name, out var value)) continue;
                    if (!JsonElement.DeepEquals(value, recorded.Value))
                        return Mismatch($"{path}: record {recordId}: '{recorded.Name}' is {Compact(value)} but ledger entry seq {entry.Seq} recorded {Compact(recorded.Value)}");
                }
                continue;
            }
            problem = Walk(path, key, recordId, property.Value, entries);
            if (problem is not null) return problem;
        }
        return null;
    }

    private static LedgerProblem? Resolve(string path, string key, string recordId, JsonElement reference, IReadOnlyDictionary<long, EntryFacts> entries, out EntryFacts? entry)
    {
        entry = null;
        string? error = reference.ValueKind == JsonValueKind.Object ? null : "an entry reference must be an object";
        var seq = LedgerJsonFields.Integer(reference, "seq", ref error);
        var hash = LedgerJsonFields.String(reference, "hash", ref error);
        var action = LedgerJsonFields.String(reference, "action", ref error);
        var payloadSha256 = LedgerJsonFields.String(reference, "payload_sha256", ref error);
        if (error is not null) return Malformed($"{path}: record {recordId}: {error}");
        var where = $"{path}: record {recordId} names ledger entry seq {seq}";
        if (!entries.TryGetValue(seq!.Value, out entry))
            return Mismatch($"{where}, which is not in {AssurancePackFormat.EntriesPath}");
        if (entry.Hash != hash) return Mismatch($"{where} with hash {hash}, but that entry's hash is {entry.Hash}");
        if (entry.Action != action) return Mismatch($"{where} as {action}, but that entry is {entry.Action}");
        if (entry.PayloadSha256 != payloadSha256) return Mismatch($"{where} with payload SHA-256 {payloadSha256}, but that entry's payload has {entry.PayloadSha256}");
        if (entry.Payload.ValueKind != JsonValueKind.Object || !entry.Payload.TryGetProperty(key, out var named)
            || named.ValueKind != JsonValueKind.String || named.GetString() != recordId)
            return Mismatch($"{where}, but that entry is not about {recordId} (its payload's {key} is {(entry.Payload.ValueKind == JsonValueKind.Object && entry.Payload.TryGetProperty(key, out var other) ? other.GetRawText() : "absent")})");
        return null;
    }

    private static string Compact(JsonElement value) => JsonSerializer.Serialize(value);

    private static LedgerProblem Malformed(string message) => new(LedgerProblemKind.Malformed, 0, message);

    private static LedgerProblem Mismatch(string message) => new(LedgerProblemKind.RecordMismatch, 0, message);
}
