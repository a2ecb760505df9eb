using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

public sealed record LedgerEntryDto(long Seq, string Time, string Actor, string Action, string Subject, string PayloadSha256, string PrevHash, string Hash, JsonNode? Payload);

public sealed record LedgerQuery(string? Subject = null, string? Actor = null, long AfterSeq = 0, int Limit = 100)
{
    public const int MaxLimit = 1000;
}

public sealed record LedgerPage(IReadOnlyList<LedgerEntryDto> Items, long? NextAfterSeq);

/// <summary>Ledger entries in sequence order, optionally for one subject ("system:sys_…") or actor; paged by sequence number.</summary>
public sealed class ListLedgerEntries(AttestDbContext db)
{
    public async Task<LedgerPage> ExecuteAsync(LedgerQuery query, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, LedgerQuery.MaxLimit);
        var entries = db.Ledger.AsNoTracking().Where(e => e.Seq > query.AfterSeq);
        if (!string.IsNullOrWhiteSpace(query.Subject)) entries = entries.Where(e => e.Subject == query.Subject);
        if (!string.IsNullOrWhiteSpace(query.Actor)) entries = entries.Where(e => e.Actor == query.Actor);
        var page = await entries.OrderBy(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var items = page.Take(limit)
            .Select(e => new LedgerEntryDto(e.Seq, LedgerHashing.FormatTime(e.Time), e.Actor, e.Action, e.Subject, e.PayloadSha256, e.PrevHash, e.Hash, JsonNode.Parse(e.PayloadJson)))
            .ToList();
        return new LedgerPage(items, page.Count > limit ? items[^1].Seq : null);
    }
}
