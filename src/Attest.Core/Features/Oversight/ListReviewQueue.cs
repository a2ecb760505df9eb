using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>The filters of the review queue; every one optional.</summary>
public sealed record ReviewQueueQuery(string? System = null, string? State = null, string? Rule = null, DateTimeOffset? DueBefore = null, int Page = 1, int PageSize = 50);

/// <summary>
/// The review queue across systems: open items by default, the most urgent first (priority, then the soonest due);
/// resolved ones newest first. Filters: system, state, the rule that sent the item, due before a time. Only systems in the
/// caller's read scope are listed.
/// </summary>
public sealed class ListReviewQueue(AttestDbContext db, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<Result<ReviewQueuePage>> ExecuteAsync(ReviewQueueQuery query, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new FieldErrors();
        var state = string.IsNullOrWhiteSpace(query.State) ? "open" : query.State.Trim();
        if (!ReviewItemStates.Filters.Contains(state)) errors.Add("state", $"must be one of {string.Join(", ", ReviewItemStates.Filters)}");
        if (query.Page < 1) errors.Add("page", "must be at least 1");
        if (query.PageSize is < 1 or > MaxPageSize) errors.Add("page_size", $"must be from 1 to {MaxPageSize}");
        if (errors.Any) return errors.ToResult<ReviewQueuePage>();
        var items = scope.Filter(db.ReviewItems.AsNoTracking(), i => i.SystemId);
        if (!string.IsNullOrWhiteSpace(query.System))
        {
            var systemId = await db.Systems.AsNoTracking().WhereIdOrSlug(query.System).Select(s => s.Id).FirstOrDefaultAsync(ct);
            if (systemId is null || !scope.Includes(systemId)) return Result<ReviewQueuePage>.NotFound($"No AI system '{query.System}'.");
            items = items.Where(i => i.SystemId == systemId);
        }
        var now = time.GetUtcNow();
        items = items.Where(ReviewItemStates.Filter(state, now));
        if (!string.IsNullOrWhiteSpace(query.Rule))
        {
            var quoted = "\"" + query.Rule.Trim() + "\"";
            items = items.Where(i => i.ReasonsJson.Contains(quoted));
        }
        if (query.DueBefore is { } due) items = items.Where(i => i.DueAt < due);
        var total = await items.CountAsync(ct);
        var overdue = state is "open" or "pending" or "claimed" ? await items.CountAsync(i => i.DueAt <= now, ct) : 0;
        var ordered = state is "confirmed" or "overridden" or "resolved"
            ? items.OrderByDescending(i => i.ResolvedAt).ThenByDescending(i => i.Id)
            : state is "all" or "expired"
                ? items.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
                : items.OrderByDescending(i => i.Priority == Engine.Oversight.ReviewPriority.Critical).ThenByDescending(i => i.Priority == Engine.Oversight.ReviewPriority.High)
                    .ThenBy(i => i.Priority == Engine.Oversight.ReviewPriority.Low).ThenBy(i => i.DueAt).ThenBy(i => i.Id);
        var page = await ordered.Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var dtos = await ReviewItemViews.ToDtosAsync(db, new HistoryNamesFor(db), page, now, ct);
        return Result<ReviewQueuePage>.Ok(new ReviewQueuePage(dtos, total, query.Page, query.PageSize, overdue));
    }
}
