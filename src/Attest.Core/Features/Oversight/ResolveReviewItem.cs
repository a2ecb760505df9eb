using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary><c>POST /api/v1/oversight/queue/{item}/resolve</c>.</summary>
public sealed class ResolveInput
{
    public ReviewOutcome? Outcome { get; set; }
    /// <summary>The output a person decided instead (text or number): required for an override, and different from the model's.</summary>
    public JsonElement? FinalOutput { get; set; }
    public string? Rationale { get; set; }
}

/// <summary>
/// Resolves a review item: <c>confirmed</c> (the model's output stands) or <c>overridden</c> with a different final output
/// and a rationale. A resolution is final — resolving again is a conflict; a later correction goes through an appeal, a new
/// item that names this one. An item leased by someone else cannot be resolved; an unclaimed one is claimed and resolved at
/// once (it then has no review time). The system's service identity and its own product owner may not resolve.
/// </summary>
public sealed class ResolveReviewItem(AttestDbContext db, GovernedWrites writes)
{
    public const int MaxRationaleLength = 4000;

    public async Task<Result<ReviewItemDto>> ExecuteAsync(string itemId, ResolveInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        if (input.Outcome is null) errors.Add("outcome", "is required: confirmed or overridden");
        errors.MaxLength("rationale", input.Rationale, MaxRationaleLength);
        DecisionOutput? final = null;
        if (input.FinalOutput is { ValueKind: not JsonValueKind.Null } f)
        {
            if (f.ValueKind == JsonValueKind.String && f.GetString()!.Trim().Length is > 0 and <= DecisionBodyReader.MaxTextLength) final = DecisionOutput.OfText(f.GetString()!.Trim());
            else if (f.ValueKind == JsonValueKind.Number && f.TryGetDouble(out var n) && double.IsFinite(n)) final = DecisionOutput.OfNumber(n);
            else errors.Add("final_output", $"must be a text (1 to {DecisionBodyReader.MaxTextLength} characters) or a number");
        }
        if (input.Outcome == ReviewOutcome.Overridden)
        {
            if (final is null && !errors.HasField("final_output")) errors.Add("final_output", "is required to override: the output a person decided instead");
            errors.Required("rationale", input.Rationale);
        }
        if (errors.Any) return errors.ToResult<ReviewItemDto>();

        return await writes.ChangeAsync(caller, Permissions.OversightReview,
            WriteTarget.SystemOf(db.ReviewItems.Where(i => i.Id == itemId).Select(i => i.SystemId), $"No review item '{itemId}'."), async change =>
        {
            var item = await db.ReviewItems.FirstAsync(i => i.Id == itemId, ct);
            var decision = await db.Decisions.AsNoTracking().Where(d => d.Id == item.DecisionId).Select(d => new { d.Output, d.OutputIsNumber, d.ReasonsJson }).FirstAsync(ct);
            var now = change.Now;
            if (await OversightDuties.RefusalAsync(db, caller, change.System, ct) is { } refusal)
                return Result<ReviewItemDto>.Forbidden(refusal);
            var state = ReviewItemStates.Effective(item, now);
            if (state is ReviewItemState.Confirmed or ReviewItemState.Overridden)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} is already resolved ({ClaimReviewItem.Words(item.Outcome)} by {item.ResolvedBy} on {item.ResolvedAt:yyyy-MM-dd HH:mm} UTC); a resolution is final — appeal the decision to review it again.");
            if (state == ReviewItemState.Expired)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} expired on {item.ExpiresAt:yyyy-MM-dd HH:mm} UTC; appeal the decision to open a new review.");
            if (state == ReviewItemState.Claimed && item.ClaimedBy != caller.Actor.Id)
                return Result<ReviewItemDto>.Conflict($"Review item {item.Id} is claimed by {item.ClaimedBy} until {item.LeaseExpiresAt:yyyy-MM-dd HH:mm} UTC; only they can resolve it now.");

            var original = new DecisionOutput(decision.Output, decision.OutputIsNumber);
            var outcome = input.Outcome!.Value;
            if (outcome == ReviewOutcome.Overridden && final!.Value.Text == original.Text)
                return Result<ReviewItemDto>.Invalid("final_output", $"is the model's own output ({original.Text}); an override gives a different one — or confirm the decision");
            if (outcome == ReviewOutcome.Confirmed && final is { } given && given.Text != original.Text)
                return Result<ReviewItemDto>.Invalid("final_output", $"differs from the model's output ({original.Text}); a confirmation keeps it — resolve as overridden to change it");
            var result = outcome == ReviewOutcome.Confirmed ? original : final!.Value;
            item.ReviewStartedAt = state == ReviewItemState.Claimed ? item.ClaimedAt : null;
            item.State = outcome == ReviewOutcome.Confirmed ? ReviewItemState.Confirmed : ReviewItemState.Overridden;
            item.Outcome = outcome;
            item.FinalOutput = result.Text;
            item.FinalOutputIsNumber = result.IsNumber;
            item.Rationale = string.IsNullOrWhiteSpace(input.Rationale) ? null : input.Rationale.Trim();
            item.ResolvedBy = caller.Actor.Id;
            item.ResolvedAt = now;
            if (state != ReviewItemState.Claimed)
            {
                item.ClaimedBy = caller.Actor.Id;
                item.ClaimedAt = now;
            }
            item.LeaseExpiresAt = null;
            item.Version++;
            await change.RecordAsync(LedgerActions.ReviewItemResolved, new JsonObject
            {
                ["item_id"] = item.Id,
                ["decision_id"] = item.DecisionId,
                ["outcome"] = SnakeCase.FromEnum(outcome),
                ["original_output"] = original.Text,
                ["final_output"] = result.Text,
                ["rationale"] = item.Rationale,
                ["reasons"] = JsonNode.Parse(item.ReasonsJson),
                ["previous_item"] = item.PreviousItemId,
                ["due_at"] = LedgerHashing.FormatTime(item.DueAt),
                ["within_sla"] = now <= item.DueAt,
            }, ct);
            item.ResolvedSeq = PendingLedger.LastSeq(db);
            return Result<ReviewItemDto>.Ok((await ReviewItemViews.ToDtosAsync(db, new HistoryNamesFor(db), [item], now, ct))[0]);
        }, ct);
    }
}
