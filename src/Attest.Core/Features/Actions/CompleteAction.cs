using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Actions;

/// <summary>Records a tracked action as done, with a note of what was done; a done action stays done.</summary>
public sealed class CompleteAction(AttestDbContext db, TimeProvider time)
{
    public const int MaxNoteLength = 4000;

    public async Task<Result<TrackedActionDto>> ExecuteAsync(string actionId, CompleteActionInput input, int? expectedVersion, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("note", input.Note);
        errors.MaxLength("note", input.Note, MaxNoteLength);
        if (errors.Any)
            return errors.ToResult<TrackedActionDto>();

        return await db.InTransactionAsync(async () =>
        {
            var action = await db.Actions.FirstOrDefaultAsync(a => a.Id == actionId, ct);
            if (action is null)
                return Result<TrackedActionDto>.NotFound($"No action '{actionId}'.");
            if (expectedVersion is { } expected && expected != action.Version)
                return Result<TrackedActionDto>.PreconditionFailed($"Action {action.Id} is at version {action.Version}, not {expected}: read it again and retry.");
            if (action.Status == TrackedActionStatus.Done)
                return Result<TrackedActionDto>.Conflict($"Action {action.Id} was already done by {action.CompletedBy}.");
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            action.Status = TrackedActionStatus.Done;
            action.CompletedAt = now;
            action.CompletedBy = actor.Id;
            action.CompletionNote = input.Note!.Trim();
            action.Version++;
            await LedgerWriter.AppendAsync(db, time, actor, "action.completed", $"system:{action.SystemId}", new JsonObject
            {
                ["action_id"] = action.Id,
                ["review_id"] = action.ReviewId,
                ["description"] = action.Description,
                ["due_on"] = action.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["late"] = today > action.DueOn,
                ["note"] = action.CompletionNote,
            }, ct);
            var slug = await db.Systems.AsNoTracking().Where(s => s.Id == action.SystemId).Select(s => s.Slug).FirstAsync(ct);
            return Result<TrackedActionDto>.Ok(TrackedActionDto.From(action, slug, today));
        }, ct);
    }
}
