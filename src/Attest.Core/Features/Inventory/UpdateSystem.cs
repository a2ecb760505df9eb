using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Replaces a system's descriptive fields and moves its lifecycle stage along the state machine — into
/// <c>approved</c> and <c>deployed</c> only with the approval behind it (<see cref="LifecycleGovernance"/>). Editing
/// the intended purpose or user populations of an approved system is assessed as a material change of the approved
/// version. With an expected version (If-Match), a stale caller gets PreconditionFailed instead of overwriting someone
/// else's change.
/// </summary>
public sealed class UpdateSystem(AttestDbContext db, GovernedWrites writes, EvaluateGate gate)
{
    public async Task<Result<SystemDetails>> ExecuteAsync(string idOrSlug, SystemInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        var errors = SystemInputValidation.Validate(input);
        if (errors.Any) return errors.ToResult<SystemDetails>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.System(idOrSlug, full: true), async change =>
        {
            var system = change.System;
            if (expectedVersion is { } expected && expected != system.Version)
                return Result<SystemDetails>.PreconditionFailed($"System '{system.Slug}' is at version {system.Version}, not {expected}: it changed since you read it.");
            if (input.Slug != system.Slug && await db.Systems.AnyAsync(s => s.Slug == input.Slug, ct))
                return Result<SystemDetails>.Conflict($"A system with slug '{input.Slug}' already exists.", new Dictionary<string, string[]> { ["slug"] = ["is already taken"] });

            var before = await db.ToDetailsAsync(system, ct);
            var targetStage = input.Stage ?? system.Stage;
            if (!LifecycleTransitions.IsAllowed(system.Stage, targetStage))
            {
                var allowed = LifecycleTransitions.AllowedFrom(system.Stage).Select(SnakeCase.FromEnum);
                return Result<SystemDetails>.Conflict(
                    $"Cannot move '{system.Slug}' from {SnakeCase.FromEnum(system.Stage)} to {SnakeCase.FromEnum(targetStage)}; allowed: {string.Join(", ", allowed)}.",
                    new Dictionary<string, string[]> { ["stage"] = [$"cannot move from {SnakeCase.FromEnum(system.Stage)} to {SnakeCase.FromEnum(targetStage)}"] });
            }
            if (await LifecycleMoves.RefusalAsync<SystemDetails>(db, gate, system, targetStage, ct) is { } refusal)
                return refusal;

            input.ApplyTo(system);
            system.Stage = targetStage;
            system.Version++;
            system.UpdatedAt = change.Now;
            var after = await db.ToDetailsAsync(system, ct);
            var action = before.Stage != after.Stage ? LedgerActions.SystemStageChanged : LedgerActions.SystemUpdated;
            await change.RecordAsync(action, new System.Text.Json.Nodes.JsonObject { ["before"] = AttestJson.ToNode(before), ["after"] = AttestJson.ToNode(after) }, ct);
            // What the approval judged: the purpose, who it serves and where. Other edits (a name, a link) are not assessed.
            if (before.Purpose != after.Purpose || before.IntendedUse != after.IntendedUse
                || !before.UserPopulations.SequenceEqual(after.UserPopulations) || !before.Jurisdictions.SequenceEqual(after.Jurisdictions))
                change.TouchedSystem("system_updated");
            return Result<SystemDetails>.Ok(after);
        }, ct);
    }
}
