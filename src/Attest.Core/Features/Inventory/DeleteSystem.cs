using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

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
            // A decision log is a record the law asks to keep (EU AI Act Art 12, 19, 26(6)); it never disappears with its system.
            if (await db.Decisions.AnyAsync(d => d.SystemId == system.Id, ct))
                return Result<string>.Conflict($"System '{system.Slug}' has logged production decisions; its decision log is a record and keeps the system. Retire it instead.");
            var snapshot = await db.ToDetailsAsync(system, ct);
            db.Deployments.RemoveRange(system.Deployments);
            db.ModelVersions.RemoveRange(system.ModelVersions);
            db.Systems.Remove(system);
            await change.RecordAsync(LedgerActions.SystemDeleted, new JsonObject { ["before"] = AttestJson.ToNode(snapshot) }, ct);
            return Result<string>.Ok(system.Id);
        }, ct);
}
