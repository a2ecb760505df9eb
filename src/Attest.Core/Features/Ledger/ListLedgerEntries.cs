using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <param name="Payload">The change as recorded; null when the stored payload is not JSON any more (see <paramref name="IntegrityProblem"/>).</param>
/// <param name="IntegrityProblem">Null when the entry re-verified (hash, payload digest, link to the entry before it); otherwise what is wrong with it.</param>
public sealed record LedgerEntryDto(long Seq, string Time, string Actor, string Action, string Subject, string PayloadSha256, string PrevHash, string Hash, JsonNode? Payload, string? IntegrityProblem);

public sealed record LedgerQuery(string? Subject = null, string? Actor = null, long AfterSeq = 0, int Limit = 100)
{
    public const int MaxLimit = 1000;
}

public sealed record LedgerPage(IReadOnlyList<LedgerEntryDto> Items, long? NextAfterSeq);

/// <summary>
/// Ledger entries in sequence order, optionally for one subject ("system:sys_…") or actor; paged by sequence number.
/// A caller with a narrower read scope sees only the entries about what it may read (<see cref="Access.ReadableLedgerSubjectsAsync"/>).
/// </summary>
public sealed class ListLedgerEntries(AttestDbContext db, LedgerIntegrityMonitor monitor, Access access)
{
    public async Task<LedgerPage> ExecuteAsync(LedgerQuery query, ReadScope scope, CancellationToken ct)
    {
        var limit = Math.Clamp(query.Limit, 1, LedgerQuery.MaxLimit);
        var entries = db.Ledger.AsNoTracking().Where(e => e.Seq > query.AfterSeq);
        if (await access.ReadableLedgerSubjectsAsync(scope, ct) is { } subjects) entries = entries.Where(e => subjects.Contains(e.Subject));
        if (!string.IsNullOrWhiteSpace(query.Subject)) entries = entries.Where(e => e.Subject == query.Subject);
        if (!string.IsNullOrWhiteSpace(query.Actor)) entries = entries.Where(e => e.Actor == query.Actor);
        var page = await entries.OrderBy(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var rows = page.Take(limit).ToList();
        var problems = await LedgerEntryCheck.CheckAsync(db, rows, monitor, ct);
        var items = rows
            .Select(e => new LedgerEntryDto(e.Seq, LedgerHashing.FormatTime(e.Time), e.Actor, e.Action, e.Subject, e.PayloadSha256, e.PrevHash, e.Hash,
                LedgerEntryCheck.PayloadNode(e), problems.GetValueOrDefault(e.Seq)))
            .ToList();
        return new LedgerPage(items, page.Count > limit ? items[^1].Seq : null);
    }
}
