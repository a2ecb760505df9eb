using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>
/// Retires evidence: it no longer counts for any control, but stays readable (metadata and content)
/// with its status, who retired it, when and why. Appends <c>evidence.retired</c>.
/// </summary>
public sealed class RetireEvidence(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<EvidenceDto>> ExecuteAsync(string evidenceId, RetireEvidenceInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("reason", input.Reason);
        errors.MaxLength("reason", input.Reason, 500);
        if (errors.Any) return errors.ToResult<EvidenceDto>();
        return await writes.ChangeAsync(caller, Permissions.EvidenceWrite,
            WriteTarget.SystemOf(db.Evidence.Where(e => e.Id == evidenceId).Select(e => e.SystemId), $"No evidence '{evidenceId}'."), async change =>
        {
            var item = await db.Evidence.FirstAsync(e => e.Id == evidenceId, ct);
            if (item.Status == EvidenceStatuses.Retired)
                return Result<EvidenceDto>.Conflict($"Evidence '{evidenceId}' was already retired on {item.RetiredAt:yyyy-MM-dd} by {item.RetiredBy}.");
            var now = change.Now;
            Retire(item, change.Actor, new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero), input.Reason!.Trim());
            await change.RecordAsync(LedgerActions.EvidenceRetired, new JsonObject
            {
                ["id"] = item.Id,
                ["type"] = item.Type,
                ["sha256"] = item.Sha256,
                ["reason"] = item.RetiredReason,
            }, ct);
            return Result<EvidenceDto>.Ok(await item.ToDtoAsync(db, ct));
        }, ct);
    }

    internal static void Retire(EvidenceItem item, Actor actor, DateTimeOffset at, string reason)
    {
        item.Status = EvidenceStatuses.Retired;
        item.RetiredBy = actor.Id;
        item.RetiredAt = at;
        item.RetiredReason = reason;
        item.Version++;
    }
}
