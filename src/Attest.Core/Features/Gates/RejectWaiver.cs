using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Refuses a requested waiver with a reason (never by its requester, the same separation of duties as approval):
/// the control stays open and the requester sees why. A rejected waiver is final; ask for a new one.
/// </summary>
public sealed class RejectWaiver(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<WaiverDto>> ExecuteAsync(string waiverId, WaiverRejectionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        errors.Required("reason", input.Reason);
        errors.MaxLength("reason", input.Reason, RequestWaiver.MaxTextLength);
        if (errors.Any)
            return errors.ToResult<WaiverDto>();

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
            waiver.State = WaiverState.Rejected;
            waiver.RejectedBy = caller.Actor.Id;
            waiver.RejectedAt = now;
            waiver.RejectionReason = input.Reason!.Trim();
            waiver.Version++;
            await change.RecordAsync(LedgerActions.WaiverRejected, new JsonObject
            {
                ["waiver_id"] = waiver.Id,
                ["control_id"] = waiver.ControlId,
                ["reason"] = waiver.RejectionReason,
            }, ct);
            return Result<WaiverDto>.Ok(WaiverDto.From(waiver));
        }, ct);
    }
}
