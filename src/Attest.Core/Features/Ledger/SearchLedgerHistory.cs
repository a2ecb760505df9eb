using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>What the ledger page narrows the ledger to; every field is optional.</summary>
/// <param name="System">A system's slug or id: its own entries (subject <c>system:&lt;id&gt;</c>).</param>
/// <param name="Actor">An actor id as recorded (<c>user:lena.fischer</c>, <c>key:…</c>).</param>
/// <param name="Action">An action (<c>review.decided</c>) or a family of them (<c>review</c> matches every <c>review.*</c>).</param>
/// <param name="From">First day included (UTC).</param>
/// <param name="To">Last day included (UTC).</param>
/// <param name="Text">Words looked for, case-insensitive, in the action, subject and recorded payload.</param>
/// <param name="BeforeSeq">Paging: entries older than this sequence number (newest first).</param>
public sealed record LedgerHistoryFilter(
    string? System = null, string? Actor = null, string? Action = null, DateOnly? From = null, DateOnly? To = null, string? Text = null,
    long? BeforeSeq = null, int Limit = LedgerHistoryFilter.DefaultLimit)
{
    public const int DefaultLimit = 50;
    public const int MaxTextLength = 200;
}

/// <summary>One page of the ledger page, newest first, with the choices its filters offer.</summary>
/// <param name="OlderBeforeSeq">The <c>BeforeSeq</c> of the next (older) page, or null on the last page.</param>
/// <param name="Actors">Actor ids that appear in the ledger, with their names.</param>
/// <param name="Actions">Actions that appear in the ledger.</param>
public sealed record LedgerHistoryPage(
    IReadOnlyList<HistoryItem> Items, long? OlderBeforeSeq, IReadOnlyList<(string Id, string Name)> Actors, IReadOnlyList<string> Actions,
    IReadOnlyList<(string Slug, string Name)> Systems);

/// <summary>
/// The ledger entries the caller may read, newest first, narrowed by system, actor, action, days and words, one page
/// at a time — so the ledger page stays quick and useful at a million entries. Dates outside the ledger simply match
/// nothing; an unknown system is an empty page, never an error that would tell a caller outside its scope it exists.
/// </summary>
public sealed class SearchLedgerHistory(AttestDbContext db, HistoryPhraseBook phrases, LedgerIntegrityMonitor monitor, Access access)
{
    public async Task<LedgerHistoryPage> ExecuteAsync(LedgerHistoryFilter filter, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(scope);
        IQueryable<LedgerEntry> readable = db.Ledger.AsNoTracking();
        if (await access.ReadableLedgerSubjectsAsync(scope, ct) is { } subjects) readable = readable.Where(e => subjects.Contains(e.Subject));

        var systems = await db.Systems.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Slug, s.Name }).ToListAsync(ct);
        systems = systems.Where(s => scope.Includes(s.Id)).ToList();

        var entries = readable;
        if (!string.IsNullOrWhiteSpace(filter.System))
        {
            var system = systems.Find(s => s.Slug == filter.System || s.Id == filter.System);
            var subject = $"system:{system?.Id ?? "\u0000none"}";
            entries = entries.Where(e => e.Subject == subject);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor)) entries = entries.Where(e => e.Actor == filter.Actor);
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var family = filter.Action + ".";
            entries = entries.Where(e => e.Action == filter.Action || e.Action.StartsWith(family));
        }
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.Time >= start);
        }
        if (filter.To is { } to && to < DateOnly.MaxValue)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            entries = entries.Where(e => e.Time < end);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            if (text.Length > LedgerHistoryFilter.MaxTextLength) text = text[..LedgerHistoryFilter.MaxTextLength];
            text = text.ToLowerInvariant();
            entries = entries.Where(e => e.Action.ToLower().Contains(text) || e.Subject.ToLower().Contains(text) || e.PayloadJson.ToLower().Contains(text));
        }
        if (filter.BeforeSeq is { } before) entries = entries.Where(e => e.Seq < before);

        var limit = Math.Clamp(filter.Limit, 1, LedgerQuery.MaxLimit);
        var page = await entries.OrderByDescending(e => e.Seq).Take(limit + 1).ToListAsync(ct);
        var names = new HistoryNames(db, phrases, monitor);
        var items = await names.DescribeAsync(page.Take(limit).ToList(), ct);

        var actorIds = await readable.Select(e => e.Actor).Distinct().ToListAsync(ct);
        var actorNames = await HistoryNames.ActorsAsync(db, actorIds, ct);
        var actions = await readable.Select(e => e.Action).Distinct().OrderBy(a => a).ToListAsync(ct);
        return new LedgerHistoryPage(
            items,
            page.Count > limit ? items[^1].Seq : null,
            actorNames.Select(a => (a.Key, a.Value)).OrderBy(a => a.Value, StringComparer.OrdinalIgnoreCase).ToList(),
            actions,
            systems.Select(s => (s.Slug, s.Name)).ToList());
    }
}
