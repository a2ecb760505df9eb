using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Re-checks a stored ledger row before anyone is shown or given it: the entry hash must match the
/// fields, the payload's SHA-256 must match <c>payload_sha256</c>. A row edited in the database
/// (triggers dropped, file patched) fails here, whoever reads it.
/// </summary>
public static class LedgerEntryCheck
{
    /// <summary>Null when the row is intact, else what is wrong with it, as one sentence.</summary>
    public static string? Problem(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var record = entry.ToRecord();
        if (LedgerHashing.ExpectedHash(record) != record.Hash)
            return $"ledger entry seq {entry.Seq} was changed in the database: its hash does not match its fields";
        if (LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes(entry.PayloadJson)) != entry.PayloadSha256)
            return $"ledger entry seq {entry.Seq} was changed in the database: its payload does not match its payload_sha256";
        return null;
    }

    /// <summary>Like <see cref="Problem(LedgerEntry)"/>, and the row must chain to the one before it when that one is given.</summary>
    public static string? Problem(LedgerEntry entry, LedgerEntry? previous) =>
        Problem(entry) ?? (previous is not null && previous.Seq == entry.Seq - 1 && entry.PrevHash != previous.Hash
            ? $"ledger entry seq {entry.Seq} does not chain to entry {previous.Seq} (prev_hash differs): an entry was replaced in the database"
            : null);

    /// <summary>
    /// Checks rows about to be shown (a page, a history): each row's own hashes, and its link to the row
    /// before it (read from the database when it is not in the page). Problems are reported to the alarm.
    /// </summary>
    public static async Task<Dictionary<long, string>> CheckAsync(AttestDbContext db, IReadOnlyList<LedgerEntry> rows, LedgerIntegrityMonitor monitor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(monitor);
        var bySeq = rows.ToDictionary(r => r.Seq);
        var missing = rows.Where(r => r.Seq > 1 && !bySeq.ContainsKey(r.Seq - 1)).Select(r => r.Seq - 1).ToList();
        var previousHashes = missing.Count == 0 ? [] : await db.Ledger.AsNoTracking().Where(e => missing.Contains(e.Seq)).ToDictionaryAsync(e => e.Seq, e => e.Hash, ct);
        var problems = new Dictionary<long, string>();
        foreach (var row in rows)
        {
            var previousHash = row.Seq == 1 ? LedgerHashing.GenesisHash
                : bySeq.TryGetValue(row.Seq - 1, out var previous) ? previous.Hash
                : previousHashes.GetValueOrDefault(row.Seq - 1);
            var problem = Problem(row) ?? (previousHash is not null && row.PrevHash != previousHash
                ? $"ledger entry seq {row.Seq} does not chain to entry {row.Seq - 1} (prev_hash differs): an entry was replaced or removed in the database"
                : null);
            if (problem is null) continue;
            problems[row.Seq] = problem;
            monitor.Report(row.Seq, problem);
        }
        return problems;
    }

    /// <summary>The payload as JSON, or null when the stored text is not JSON (an altered row; its problem says so).</summary>
    public static System.Text.Json.Nodes.JsonNode? PayloadNode(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(entry.PayloadJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The entry with its payload, for exports and packs; an altered row throws instead of being passed on.</summary>
    public static LedgerExportEntry ToExportEntry(this LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Problem(entry) is { } problem) throw new LedgerIntegrityException(entry.Seq, problem);
        return new LedgerExportEntry(entry.ToRecord(), entry.PayloadJson);
    }

    /// <summary>
    /// For a <c>ledger.checkpoint_signed</c> entry: the tree size and root it records, so the chain's own
    /// checkpoint history can be held against the Merkle tree. Null for other entries.
    /// </summary>
    internal static (long TreeSize, string RootHash)? RecordedCheckpoint(LedgerEntry entry) => RecordedCheckpoint(entry.Action, entry.PayloadJson);

    internal static (long TreeSize, string RootHash)? RecordedCheckpoint(string action, string payloadJson)
    {
        if (action != Governance.LedgerActions.CheckpointSigned.Name) return null;
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("tree_size", out var size) && size.TryGetInt64(out var treeSize)
                && root.TryGetProperty("root_hash", out var hash) && hash.ValueKind == JsonValueKind.String
                ? (treeSize, hash.GetString()!)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A stored ledger row fails its integrity check; whatever was about to use it (a proof, an export, a signature) must not.</summary>
public sealed class LedgerIntegrityException(long seq, string message) : Exception(message)
{
    public long Seq { get; } = seq;
}

/// <summary>One integrity alarm: the first problem found and when.</summary>
public sealed record LedgerIntegrityAlarm(long Seq, string Problem, DateTimeOffset RaisedAt, int Count);

/// <summary>
/// The process's integrity alarm (a singleton). Every reader that finds an altered ledger row reports
/// it here: the alarm is logged at critical level once per row, turns <c>/health</c> degraded with the
/// reason, and stays raised until the process restarts (the audit at start raises it again while the
/// damage is there). Checkpoint signing and exports refuse to sign over a ledger with an alarm.
/// </summary>
public sealed class LedgerIntegrityMonitor(TimeProvider time, ILogger<LedgerIntegrityMonitor>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<LedgerIntegrityMonitor>.Instance;
    private readonly Lock _gate = new();
    private readonly HashSet<long> _reported = [];
    private LedgerIntegrityAlarm? _alarm;

    /// <summary>The first problem found since start, or null while the ledger is intact as far as anyone looked.</summary>
    public LedgerIntegrityAlarm? Alarm
    {
        get
        {
            lock (_gate) return _alarm;
        }
    }

    public void Report(long seq, string problem)
    {
        lock (_gate)
        {
            if (!_reported.Add(seq)) return;
            _alarm = _alarm is null ? new LedgerIntegrityAlarm(seq, problem, time.GetUtcNow(), 1) : _alarm with { Count = _alarm.Count + 1 };
        }
        _logger.LogCritical("LEDGER INTEGRITY ALARM: {Problem}. Someone changed the ledger outside Attest; exports and checkpoints refuse to sign until it is resolved.", problem);
    }

    public void Report(LedgerIntegrityException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        Report(e.Seq, e.Message);
    }
}
