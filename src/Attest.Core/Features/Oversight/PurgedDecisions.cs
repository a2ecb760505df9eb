using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Why a decision id is not in the log any more: retention deleted its batch (<see cref="ApplyDecisionRetention"/>). A
/// decision id is a UUIDv7 whose first 48 bits are the millisecond it was made; a batch's first and last decision ids
/// bound the milliseconds of all of its decisions, so the purged batches around that millisecond are the ones it can
/// have been in (one, unless two batches were recorded in the same milliseconds).
/// </summary>
internal static class PurgedDecisions
{
    private const string Prefix = "dec_";
    private const int Stamp = 12;

    /// <summary>The sentence for a 404, or null when no purged batch can have held the id.</summary>
    public static async Task<string?> ExplainAsync(AttestDbContext db, string id, CancellationToken ct)
    {
        if (id.Length != Prefix.Length + 32 || !id.StartsWith(Prefix, StringComparison.Ordinal)
            || !long.TryParse(id.AsSpan(Prefix.Length, Stamp), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ms))
            return null;
        var key = id[..(Prefix.Length + Stamp)].ToLowerInvariant();
        DateTimeOffset made;
        try
        {
            made = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
        // A batch is recorded at most a few seconds before the ids it hands out; an hour is a generous bound that keeps
        // the search on a narrow range of batches.
        var from = made.AddHours(-1);
        var to = made.AddMilliseconds(1);
        var batches = await db.DecisionBatches.AsNoTracking()
            .Where(b => b.PurgedAt != null && b.RecordedAt >= from && b.RecordedAt < to)
            .Where(b => b.FirstDecisionId.Substring(0, 16).CompareTo(key) <= 0 && b.LastDecisionId.Substring(0, 16).CompareTo(key) >= 0)
            .OrderBy(b => b.RecordedAt).Take(5).ToListAsync(ct);
        if (batches.Count == 0) return null;
        var first = batches[0];
        var slug = await db.Systems.AsNoTracking().Where(s => s.Id == first.SystemId).Select(s => s.Slug).FirstOrDefaultAsync(ct) ?? first.SystemId;
        var entry = await db.Ledger.AsNoTracking().Where(e => e.Seq == first.PurgedSeq).Select(e => e.PayloadJson).FirstOrDefaultAsync(ct);
        var payload = entry is null ? null : JsonNode.Parse(entry);
        var why = payload is null ? "" : $" (the {payload["retention_days"]}-day retention of the oversight policy v{payload["policy_version"]} of '{slug}', ledger entry {first.PurgedSeq})";
        var when = LedgerHashing.FormatTime(first.PurgedAt!.Value);
        return batches.Count == 1
            ? $"Decision '{id}' was purged by retention on {when}{why}. Its batch {first.Id} ({first.Count} decisions) is still on the ledger: Merkle root {first.RootHash}, ledger entry {first.LedgerSeq}."
            : $"Decision '{id}' was purged by retention on {when}{why}. It was in one of the batches {string.Join(", ", batches.Select(b => $"{b.Id} (Merkle root {b.RootHash}, ledger entry {b.LedgerSeq})"))}, all still on the ledger.";
    }
}
