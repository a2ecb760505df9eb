using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Risks;

public sealed class GetRisk(AttestDbContext db)
{
    public async Task<Result<RiskDto>> ExecuteAsync(string riskId, CancellationToken ct)
    {
        var risk = await db.Risks.AsNoTracking().FirstOrDefaultAsync(r => r.Id == riskId, ct);
        return risk is null ? Result<RiskDto>.NotFound($"No risk '{riskId}'.") : Result<RiskDto>.Ok(RiskDto.From(risk));
    }
}
