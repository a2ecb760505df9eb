using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Actions;

/// <summary>
/// Records a tracked action as done, with a note of what was done; a done action stays done. Completing a
/// <c>control_change</c> action (a governance lead) writes its control into the organisation's library.
/// </summary>
public sealed class CompleteAction(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public const int MaxNoteLength = 4000;

    public async Task<Result<TrackedActionDto>> ExecuteAsync(string actionId, CompleteActionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("note", input.Note);
        errors.MaxLength("note", input.Note, MaxNoteLength);
        if (errors.Any)
            return errors.ToResult<TrackedActionDto>();

        return await writes.ChangeAsync(caller, Permissions.ActionsComplete,
            WriteTarget.SystemOf(db.Actions.Where(x => x.Id == actionId).Select(x => x.SystemId), $"No action '{actionId}'."), async change =>
        {
            var action = await db.Actions.FirstAsync(x => x.Id == actionId, ct);
            if (expectedVersion is { } expected && expected != action.Version)
                return Result<TrackedActionDto>.PreconditionFailed($"Action {action.Id} is at version {action.Version}, not {expected}: read it again and retry.");
            if (action.Status == TrackedActionStatus.Done)
                return Result<TrackedActionDto>.Conflict($"Action {action.Id} was already done by {action.CompletedBy}.");
            if (action.Kind == TrackedActionKind.ControlChange && !change.Caller.HasRole(Engine.Access.Roles.GovernanceLead) && !change.Caller.HasRole(Engine.Access.Roles.Admin))
                return Result<TrackedActionDto>.Forbidden($"Action {action.Id} changes the organisation's control library: a governance lead completes it.");
            var now = change.Now;
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            if (action.Kind == TrackedActionKind.ControlChange)
                await Incidents.ApplyControlChange.ApplyAsync(db, ids, action, change, ct);
            action.Status = TrackedActionStatus.Done;
            action.CompletedAt = now;
            action.CompletedBy = change.Actor.Id;
            action.CompletionNote = input.Note!.Trim();
            action.Version++;
            await change.RecordAsync(LedgerActions.ActionCompleted, new JsonObject
            {
                ["action_id"] = action.Id,
                ["review_id"] = action.ReviewId,
                ["description"] = action.Description,
                ["due_on"] = action.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["late"] = today > action.DueOn,
                ["note"] = action.CompletionNote,
            }, ct);
            return Result<TrackedActionDto>.Ok(TrackedActionDto.From(action, change.System.Slug, today));
        }, ct);
    }
}
