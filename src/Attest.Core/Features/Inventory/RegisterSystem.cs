using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Registers a new AI system in the inventory. A product owner or ML engineer who registers one becomes a member of
/// its team in the same change, so they may go on changing it.
/// </summary>
public sealed class RegisterSystem(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public async Task<Result<SystemDetails>> ExecuteAsync(SystemInput input, CallerIdentity caller, CancellationToken ct)
    {
        var errors = SystemInputValidation.Validate(input);
        if (errors.Any) return errors.ToResult<SystemDetails>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.Installation, async change =>
        {
            if (await db.Systems.AnyAsync(s => s.Slug == input.Slug, ct))
                return Result<SystemDetails>.Conflict($"A system with slug '{input.Slug}' already exists.", new Dictionary<string, string[]> { ["slug"] = ["is already taken"] });

            var system = new AiSystem
            {
                Id = ids.New("sys"),
                Slug = input.Slug!,
                Name = "",
                Purpose = "",
                BusinessOwner = "",
                TechnicalOwner = "",
                BusinessUnit = "",
                Stage = input.Stage ?? LifecycleStage.Proposed,
                Version = 1,
                CreatedAt = change.Now,
                UpdatedAt = change.Now,
            };
            input.ApplyTo(system);
            db.Systems.Add(system);
            var details = system.ToDetails(new Dictionary<string, Dataset>());
            await change.RecordAsync(LedgerActions.SystemRegistered, system, AttestJson.ToNode(details), ct);
            if (caller.UserId is { } userId)
            {
                foreach (var role in caller.Roles.Where(Roles.SystemScoped.Contains))
                    await SystemMembers.GrantAsync(db, change, system, userId, role, ct);
            }
            return Result<SystemDetails>.Ok(details);
        }, ct);
    }
}
