using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Packs;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// The ledger entries about a system that name a governance record (by <c>review_id</c>, <c>waiver_id</c>…), so each
/// record in a pack can name the entries that recorded it (<see cref="GovernanceRecords"/>): an auditor cross-checks
/// them with <c>ledger/entries.jsonl</c> in the same pack.
/// </summary>
internal sealed class GovernanceLedger
{
    private readonly Dictionary<string, List<(LedgerEntry Entry, JsonObject Payload)>> _byRecord;

    private GovernanceLedger(Dictionary<string, List<(LedgerEntry, JsonObject)>> byRecord) => _byRecord = byRecord;

    /// <param name="recordKey">The payload field naming the record (<see cref="GovernanceRecords.RecordKeys"/>).</param>
    public static async Task<GovernanceLedger> LoadAsync(AttestDbContext db, string systemId, string recordKey, CancellationToken ct)
    {
        var subject = $"system:{systemId}";
        var quoted = $"\"{recordKey}\"";
        var rows = await db.Ledger.AsNoTracking().Where(e => e.Subject == subject && e.PayloadJson.Contains(quoted)).OrderBy(e => e.Seq).ToListAsync(ct);
        var byRecord = new Dictionary<string, List<(LedgerEntry, JsonObject)>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (JsonNode.Parse(row.PayloadJson) is not JsonObject payload || payload[recordKey] is not JsonValue value || !value.TryGetValue<string>(out var id))
                continue;
            if (!byRecord.TryGetValue(id, out var list))
                byRecord[id] = list = [];
            list.Add((row, payload));
        }
        return new GovernanceLedger(byRecord);
    }

    /// <summary>Every entry naming the record, in seq order.</summary>
    public IReadOnlyList<(LedgerEntry Entry, JsonObject Payload)> Of(string recordId) =>
        _byRecord.TryGetValue(recordId, out var list) ? list : [];

    /// <summary>The refs of every entry naming the record.</summary>
    public JsonArray Refs(string recordId) => new([.. Of(recordId).Select(e => (JsonNode)Ref(e.Entry))]);

    /// <summary>The latest entry of <paramref name="action"/> naming the record that <paramref name="matches"/>, or null.</summary>
    public LedgerEntry? Latest(string recordId, string action, Func<JsonObject, bool>? matches = null) =>
        Of(recordId).LastOrDefault(e => e.Entry.Action == action && (matches is null || matches(e.Payload))).Entry;

    public static JsonObject Ref(LedgerEntry e) => new()
    {
        ["seq"] = e.Seq,
        ["hash"] = e.Hash,
        ["action"] = e.Action,
        ["payload_sha256"] = e.PayloadSha256,
    };

    /// <summary>Adds <c>recorded_as</c> to <paramref name="node"/> when the entry is known.</summary>
    public static JsonObject RecordedAs(JsonObject node, LedgerEntry? entry)
    {
        if (entry is not null) node[GovernanceRecords.RecordedAsProperty] = Ref(entry);
        return node;
    }

    /// <summary>A governance file: its format, the system, anything <paramref name="more"/> adds, and the records.</summary>
    public static PackFile File(string path, string format, string systemId, IEnumerable<JsonNode> records, Action<JsonObject>? more = null)
    {
        var document = new JsonObject { ["format"] = format, ["system_id"] = systemId };
        more?.Invoke(document);
        document["records"] = new JsonArray([.. records]);
        return new PackFile(path, Encoding.UTF8.GetBytes(document.ToJsonString(AttestJson.Indented) + "\n"));
    }

    /// <summary>A record as the API shows it, as a JSON object to add refs to.</summary>
    public static JsonObject Node<T>(T value) => (JsonObject)AttestJson.ToNode(value);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
