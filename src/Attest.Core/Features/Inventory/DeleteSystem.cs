using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// Removes a system, its model versions and deployments from the inventory. The ledger keeps the
/// full snapshot of what was removed, so the history stays explainable. Datasets are shared and stay.
/// </summary>
public sealed class DeleteSystem(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<string>> ExecuteAsync(string idOrSlug, int? expectedVersion, CallerIdentity caller, CancellationToken ct) =>
        await writes.ChangeAsync(caller, Permissions.InventoryDelete, WriteTarget.System(idOrSlug, full: true), async change =>
        {
            var system = change.System;
            if (expectedVersion is { } expected && expected != system.Version)
                return Result<string>.PreconditionFailed($"System '{system.Slug}' is at version {system.Version}, not {expected}: it changed since you read it.");
            var snapshot = await db.ToDetailsAsync(system, ct);
            db.Deployments.RemoveRange(system.Deployments);
            db.ModelVersions.RemoveRange(system.ModelVersions);
            db.Systems.Remove(system);
            await change.RecordAsync(LedgerActions.SystemDeleted, new JsonObject { ["before"] = AttestJson.ToNode(snapshot) }, ct);
            return Result<string>.Ok(system.Id);
        }, ct);
}
