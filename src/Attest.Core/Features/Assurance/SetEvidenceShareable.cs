using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Assurance;

/// <summary>
/// Marks a piece of evidence shareable with customers (named and offered on the trust page) or not. Governance decides
/// what leaves the house (<c>evidence.share</c>); ledgered (<c>evidence.shareable_changed</c>). Evidence is new and
/// not shareable until someone says otherwise.
/// </summary>
public sealed class SetEvidenceShareable(AttestDbContext db, GovernedWrites writes)
{
    public async Task<Result<ShareableDto>> ExecuteAsync(string evidenceId, ShareableInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Shareable is null)
            return Result<ShareableDto>.Invalid("shareable", "is required: true or false");
        var target = WriteTarget.SystemOf(db.Evidence.Where(e => e.Id == evidenceId).Select(e => e.SystemId), $"No evidence '{evidenceId}'.");
        return await writes.ChangeAsync(caller, Permissions.EvidenceShare, target, async change =>
        {
            var item = await db.Evidence.FirstAsync(e => e.Id == evidenceId, ct);
            var shareable = input.Shareable.Value;
            if (item.Shareable != shareable)
            {
                item.Shareable = shareable;
                item.Version++;
                await change.RecordAsync(LedgerActions.EvidenceShareableChanged, new JsonObject
                {
                    ["evidence_id"] = item.Id,
                    ["type"] = item.Type,
                    ["sha256"] = item.Sha256,
                    ["shareable"] = shareable,
                    ["shareable_words"] = shareable ? "shareable with customers" : "not shareable with customers",
                }, ct);
            }
            return Result<ShareableDto>.Ok(new ShareableDto(item.Id, item.SystemId, item.Shareable));
        }, ct);
    }
}
