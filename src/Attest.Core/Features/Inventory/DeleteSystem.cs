using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Removes a system, its model versions and deployments from the inventory. The ledger keeps the
/// full snapshot of what was removed, so the history stays explainable. Datasets are shared and stay.
/// </summary>
public sealed class DeleteSystem(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<string>> ExecuteAsync(string idOrSlug, int? expectedVersion, Actor actor, CancellationToken ct) =>
        await db.InTransactionAsync(async () =>
        {
            var system = await db.LoadFullAsync(idOrSlug, ct);
            if (system is null) return Result<string>.NotFound($"No AI system '{idOrSlug}'.");
            if (expectedVersion is { } expected && expected != system.Version)
                return Result<string>.PreconditionFailed($"System '{system.Slug}' is at version {system.Version}, not {expected}: it changed since you read it.");
            var snapshot = await db.ToDetailsAsync(system, ct);
            db.Deployments.RemoveRange(system.Deployments);
            db.ModelVersions.RemoveRange(system.ModelVersions);
            db.Systems.Remove(system);
            await LedgerWriter.AppendAsync(db, time, actor, "system.deleted", $"system:{system.Id}", new JsonObject { ["before"] = AttestJson.ToNode(snapshot) }, ct);
            return Result<string>.Ok(system.Id);
        }, ct);
}
