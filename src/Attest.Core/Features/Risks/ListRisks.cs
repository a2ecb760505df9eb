using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Risks;

/// <summary>A system's risk register, oldest first.</summary>
public sealed class ListRisks(AttestDbContext db)
{
    public async Task<Result<IReadOnlyList<RiskDto>>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null)
            return Result<IReadOnlyList<RiskDto>>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var risks = await db.Risks.AsNoTracking().Where(r => r.SystemId == system.Id).OrderBy(r => r.RecordedAt).ThenBy(r => r.Id).ToListAsync(ct);
        return Result<IReadOnlyList<RiskDto>>.Ok(risks.Select(RiskDto.From).ToArray());
    }
}
