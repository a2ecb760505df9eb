using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Approves a requested waiver (never by its requester): the control counts as waived — in the compliance matrix
/// and in gates — until the expiry day; after it the gate sees the control open again.
/// </summary>
public sealed class ApproveWaiver(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<WaiverDto>> ExecuteAsync(string waiverId, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await writes.ChangeAsync(caller, Permissions.WaiversApprove,
            WriteTarget.SystemOf(db.Waivers.Where(w => w.Id == waiverId).Select(w => w.SystemId), $"No waiver '{waiverId}'."), async change =>
        {
            var waiver = await db.Waivers.FirstAsync(w => w.Id == waiverId, ct);
            if (expectedVersion is { } expected && expected != waiver.Version)
                return Result<WaiverDto>.PreconditionFailed($"Waiver {waiver.Id} is at version {waiver.Version}, not {expected}: read it again and retry.");
            if (waiver.State != WaiverState.Requested)
                return Result<WaiverDto>.Conflict($"Waiver {waiver.Id} is {WireName.Of(waiver.State)}, not requested.");
            if (await change.IndependenceRefusalAsync(waiver.RequestedBy, ct) is { } refusal)
                return Result<WaiverDto>.Forbidden(refusal);
            var now = change.Now;
            if (waiver.ExpiresOn < DateOnly.FromDateTime(now.UtcDateTime))
                return Result<WaiverDto>.Conflict($"Waiver {waiver.Id} expired on {RequestWaiver.Day(waiver.ExpiresOn)} before it was approved; request a new one.");

            waiver.State = WaiverState.Approved;
            waiver.ApprovedBy = caller.Actor.Id;
            waiver.ApprovedAt = now;
            waiver.Version++;
            var status = await db.ControlStatuses.FirstOrDefaultAsync(s => s.SystemId == waiver.SystemId && s.ControlId == waiver.ControlId, ct);
            var previous = status?.Status ?? ControlStatus.NotStarted;
            if (status is null)
            {
                status = new SystemControlStatus { SystemId = waiver.SystemId, ControlId = waiver.ControlId, UpdatedBy = caller.Actor.Id };
                db.ControlStatuses.Add(status);
            }
            // A satisfied control stays satisfied; otherwise the matrix shows it waived.
            if (previous != ControlStatus.Satisfied)
            {
                status.Status = ControlStatus.Waived;
                status.Note = $"Waived by {waiver.Id} until {RequestWaiver.Day(waiver.ExpiresOn)}";
                status.UpdatedBy = caller.Actor.Id;
                status.UpdatedAt = now;
                status.Version++;
            }
            await change.RecordAsync(LedgerActions.WaiverApproved, new JsonObject
            {
                ["waiver_id"] = waiver.Id,
                ["control_id"] = waiver.ControlId,
                ["expires_on"] = RequestWaiver.Day(waiver.ExpiresOn),
                ["control_status_from"] = WireName.Of(previous),
                ["control_status_to"] = WireName.Of(status.Status),
            }, ct);
            return Result<WaiverDto>.Ok(WaiverDto.From(waiver));
        }, ct);
    }
}
