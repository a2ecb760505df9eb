using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Puts a proposed policy version in force. Separation of duties: a second person, never its author. A material version
/// (threshold changes of a high or critical tier system's policy) is approved by a governance lead (or an administrator),
/// not by a reviewer: the oversight measures are part of what the system was approved with. The version in force until
/// now is superseded in the same transaction.
/// </summary>
public sealed class ApproveOversightPolicy(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<ApprovedPolicyDto>> ExecuteAsync(string systemIdOrSlug, int version, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await writes.ChangeAsync(caller, Permissions.OversightPolicyApprove, WriteTarget.System(systemIdOrSlug),
            change => ApproveAsync(db, change, version, ct), ct);
    }

    /// <summary>The approval inside a change already authorized for <see cref="Permissions.OversightPolicyApprove"/> (also used by incident containment).</summary>
    internal static async Task<Result<ApprovedPolicyDto>> ApproveAsync(AttestDbContext db, GovernedChange change, int version, CancellationToken ct)
    {
        var caller = change.Caller;
        {
            var system = change.System;
            var row = await db.OversightPolicies.FirstOrDefaultAsync(p => p.SystemId == system.Id && p.Version == version, ct);
            if (row is null)
                return Result<ApprovedPolicyDto>.NotFound($"The oversight policy of '{system.Slug}' has no version {version}.");
            if (row.Status != PolicyStatus.Proposed)
                return Result<ApprovedPolicyDto>.Conflict(row.Status == PolicyStatus.InForce
                    ? $"Version {version} is already in force (approved by {row.ApprovedBy})."
                    : $"Version {version} was superseded on {row.SupersededAt:yyyy-MM-dd HH:mm} UTC and can no longer come into force; propose it again.");
            var approver = new DutyHolder(caller.Actor.Id, caller.Roles) { UserId = caller.UserId };
            if (SeparationOfDuties.CheckPolicyApproval(row.ProposedBy, approver) is { } refusal)
                return Result<ApprovedPolicyDto>.Forbidden(refusal);
            if (row.Material && !caller.HasRole(Roles.GovernanceLead) && !caller.HasRole(Roles.Admin))
                return Result<ApprovedPolicyDto>.Forbidden(
                    $"Version {version} changes the thresholds of a {system.Tier}-tier system's oversight (a material change): a governance lead approves it.");
            var previous = await db.OversightPolicies.FirstOrDefaultAsync(p => p.SystemId == system.Id && p.Status == PolicyStatus.InForce, ct);
            if (previous is not null)
            {
                previous.Status = PolicyStatus.Superseded;
                previous.SupersededAt = change.Now;
                previous.RowVersion++;
            }
            row.Status = PolicyStatus.InForce;
            row.ApprovedBy = caller.Actor.Id;
            row.ApprovedAt = change.Now;
            row.RowVersion++;
            await change.RecordAsync(LedgerActions.OversightPolicyApproved, new JsonObject
            {
                ["policy_id"] = row.Id,
                ["version"] = row.Version,
                ["sha256"] = row.Sha256,
                ["proposed_by"] = row.ProposedBy,
                ["superseded_version"] = previous?.Version,
                ["material"] = row.Material,
            }, ct);
            row.ApprovedSeq = PendingLedger.LastSeq(db);
            return Result<ApprovedPolicyDto>.Ok(new ApprovedPolicyDto(row.Version, row.Status, row.Sha256, row.ApprovedBy, row.ApprovedAt.Value, previous?.Version));
        }
    }
}
