using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>Registers a new AI system in the inventory.</summary>
public sealed class RegisterSystem(AttestDbContext db, TimeProvider time, IdGenerator ids)
{
    public async Task<Result<SystemDetails>> ExecuteAsync(SystemInput input, Actor actor, CancellationToken ct)
    {
        var errors = SystemInputValidation.Validate(input);
        if (errors.Any) return errors.ToResult<SystemDetails>();

        return await db.InTransactionAsync(async () =>
        {
            if (await db.Systems.AnyAsync(s => s.Slug == input.Slug, ct))
                return Result<SystemDetails>.Conflict($"A system with slug '{input.Slug}' already exists.", new Dictionary<string, string[]> { ["slug"] = ["is already taken"] });

            var now = time.GetUtcNow();
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
                CreatedAt = now,
                UpdatedAt = now,
            };
            input.ApplyTo(system);
            db.Systems.Add(system);
            var details = system.ToDetails(new Dictionary<string, Dataset>());
            await LedgerWriter.AppendAsync(db, time, actor, "system.registered", $"system:{system.Id}", AttestJson.ToNode(details), ct);
            return Result<SystemDetails>.Ok(details);
        }, ct);
    }
}
