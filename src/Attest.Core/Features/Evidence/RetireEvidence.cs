using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>
/// Retires evidence: it no longer counts for any control, but stays readable (metadata and content)
/// with its status, who retired it, when and why. Appends <c>evidence.retired</c>.
/// </summary>
public sealed class RetireEvidence(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<EvidenceDto>> ExecuteAsync(string evidenceId, RetireEvidenceInput input, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("reason", input.Reason);
        errors.MaxLength("reason", input.Reason, 500);
        if (errors.Any) return errors.ToResult<EvidenceDto>();
        return await db.InTransactionAsync(async () =>
        {
            var item = await db.Evidence.FirstOrDefaultAsync(e => e.Id == evidenceId, ct);
            if (item is null) return Result<EvidenceDto>.NotFound($"No evidence '{evidenceId}'.");
            if (item.Status == EvidenceStatuses.Retired)
                return Result<EvidenceDto>.Conflict($"Evidence '{evidenceId}' was already retired on {item.RetiredAt:yyyy-MM-dd} by {item.RetiredBy}.");
            var now = time.GetUtcNow();
            Retire(item, actor, new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero), input.Reason!.Trim());
            await LedgerWriter.AppendAsync(db, time, actor, "evidence.retired", $"system:{item.SystemId}", new JsonObject
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
