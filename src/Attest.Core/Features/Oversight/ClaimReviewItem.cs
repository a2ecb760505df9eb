using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Claims a pending review item for the caller: a lease (<see cref="OversightSettings.ClaimLease"/>) during which nobody
/// else may resolve it; claiming it again renews the lease, and a lease that runs out returns the item to pending. The
/// system's service identity and its own product owner may not claim (separation of duties).
/// </summary>
public sealed class ClaimReviewItem(AttestDbContext db, GovernedWrites writes, OversightSettings settings)
{
    public async Task<Result<ReviewItemDto>> ExecuteAsync(string itemId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await writes.ChangeAsync(caller, Permissions.OversightReview,
            WriteTarget.SystemOf(db.ReviewItems.Where(i => i.Id == itemId).Select(i => i.SystemId), $"No review item '{itemId}'."), async change =>
        {
            var item = await db.ReviewItems.FirstAsync(i => i.Id == itemId, ct);
            var now = change.Now;
            if (await OversightDuties.RefusalAsync(db, caller, change.System, ct) is { } refusal)
                return Result<ReviewItemDto>.Forbidden(refusal);
            var state = ReviewItemStates.Effective(item, now);
            if (state is ReviewItemState.Confirmed or ReviewItemState.Overridden)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} is already resolved ({Words(item.Outcome)} by {item.ResolvedBy}).");
            if (state == ReviewItemState.Expired)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} expired on {item.ExpiresAt:yyyy-MM-dd HH:mm} UTC without a resolution; appeal the decision to open a new review.");
            if (state == ReviewItemState.Claimed && item.ClaimedBy != caller.Actor.Id)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} is claimed by {item.ClaimedBy} until {item.LeaseExpiresAt:yyyy-MM-dd HH:mm} UTC.");
            item.State = ReviewItemState.Claimed;
            if (item.ClaimedBy != caller.Actor.Id || state != ReviewItemState.Claimed) item.ClaimedAt = now;
            item.ClaimedBy = caller.Actor.Id;
            item.LeaseExpiresAt = now + settings.ClaimLease;
            item.Version++;
            await change.RecordAsync(LedgerActions.ReviewItemClaimed, new JsonObject
            {
                ["item_id"] = item.Id,
                ["decision_id"] = item.DecisionId,
                ["lease_expires_at"] = LedgerHashing.FormatTime(item.LeaseExpiresAt.Value),
            }, ct);
            return Result<ReviewItemDto>.Ok((await ReviewItemViews.ToDtosAsync(db, new HistoryNamesFor(db), [item], now, ct))[0]);
        }, ct);
    }

    internal static string Words(ReviewOutcome? outcome) => outcome is { } o ? SnakeCase.FromEnum(o) : "resolved";
}
