using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary><c>POST /api/v1/decisions/{id}/appeal</c>.</summary>
public sealed class AppealInput
{
    public string? Reason { get; set; }
}

/// <summary>
/// Appeals a decision for the person it affected (GDPR Art 22(3), EU AI Act Art 86): a new review item with reason
/// <c>appeal</c>, high priority, due within <see cref="AppealSla"/>. It names the item whose resolution it challenges, which
/// stays as it was — a correction is a new event, never an edit. One open review per decision at a time.
/// </summary>
public sealed class AppealDecision(AttestDbContext db, GovernedWrites writes, IdGenerator ids, OversightSettings settings)
{
    public const string Reason = "appeal";
    public static readonly TimeSpan AppealSla = TimeSpan.FromDays(2);

    public async Task<Result<ReviewItemDto>> ExecuteAsync(string decisionId, AppealInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("reason", input.Reason);
        errors.MaxLength("reason", input.Reason, ResolveReviewItem.MaxRationaleLength);
        if (errors.Any) return errors.ToResult<ReviewItemDto>();

        return await writes.ChangeAsync(caller, Permissions.DecisionsAppeal,
            WriteTarget.SystemOf(db.Decisions.Where(d => d.Id == decisionId).Select(d => d.SystemId), $"No decision '{decisionId}'."), async change =>
        {
            var decision = await db.Decisions.AsNoTracking().Where(d => d.Id == decisionId).Select(d => new { d.Id, d.OccurredAt }).FirstAsync(ct);
            var now = change.Now;
            var items = await db.ReviewItems.AsNoTracking().Where(i => i.DecisionId == decisionId).ToListAsync(ct);
            if (items.FirstOrDefault(i => ReviewItemStates.IsOpen(ReviewItemStates.Effective(i, now))) is { } open)
                return Result<ReviewItemDto>.Conflict($"Decision {decisionId} is already awaiting review (item {open.Id}, due {open.DueAt:yyyy-MM-dd HH:mm} UTC).");
            var previous = items.Where(i => i.ResolvedAt is not null).OrderByDescending(i => i.ResolvedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).FirstOrDefault();
            var item = new ReviewItem
            {
                Id = ids.New("rvi"),
                DecisionId = decisionId,
                SystemId = change.System.Id,
                State = ReviewItemState.Pending,
                ReasonsJson = $"[\"{Reason}\"]",
                Priority = ReviewPriority.High,
                CreatedAt = now,
                DueAt = now + AppealSla,
                ExpiresAt = now + settings.ExpireAfter,
                AppealReason = input.Reason!.Trim(),
                AppealedBy = caller.Actor.Id,
                PreviousItemId = previous?.Id,
                DecisionOccurredAt = decision.OccurredAt,
                Version = 1,
            };
            db.ReviewItems.Add(item);
            await change.RecordAsync(LedgerActions.DecisionAppealed, new JsonObject
            {
                ["decision_id"] = decisionId,
                ["item_id"] = item.Id,
                ["reason"] = item.AppealReason,
                ["previous_item"] = item.PreviousItemId,
                ["due_at"] = LedgerHashing.FormatTime(item.DueAt),
            }, ct);
            item.OpenedSeq = PendingLedger.LastSeq(db);
            return Result<ReviewItemDto>.Ok((await ReviewItemViews.ToDtosAsync(db, new HistoryNamesFor(db), [item], now, ct))[0]);
        }, ct);
    }
}
