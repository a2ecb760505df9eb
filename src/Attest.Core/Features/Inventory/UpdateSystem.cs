using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Replaces a system's descriptive fields and moves its lifecycle stage along the state machine.
/// With an expected version (If-Match), a stale caller gets PreconditionFailed instead of
/// overwriting someone else's change.
/// </summary>
public sealed class UpdateSystem(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<SystemDetails>> ExecuteAsync(string idOrSlug, SystemInput input, int? expectedVersion, Actor actor, CancellationToken ct)
    {
        var errors = SystemInputValidation.Validate(input);
        if (errors.Any) return errors.ToResult<SystemDetails>();

        return await db.InTransactionAsync(async () =>
        {
            var system = await db.LoadFullAsync(idOrSlug, ct);
            if (system is null) return Result<SystemDetails>.NotFound($"No AI system '{idOrSlug}'.");
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

            input.ApplyTo(system);
            system.Stage = targetStage;
            system.Version++;
            system.UpdatedAt = time.GetUtcNow();
            var after = await db.ToDetailsAsync(system, ct);
            var action = before.Stage != after.Stage ? "system.stage_changed" : "system.updated";
            await LedgerWriter.AppendAsync(db, time, actor, action, $"system:{system.Id}",
                new System.Text.Json.Nodes.JsonObject { ["before"] = AttestJson.ToNode(before), ["after"] = AttestJson.ToNode(after) }, ct);
            return Result<SystemDetails>.Ok(after);
        }, ct);
    }
}
