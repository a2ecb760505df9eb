using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>One logged decision, with its latest review's state and the final output a person gave.</summary>
public sealed class GetDecision(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<DecisionDto>> ExecuteAsync(string id, CancellationToken ct)
    {
        var row = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return row is null
            ? Result<DecisionDto>.NotFound(await PurgedDecisions.ExplainAsync(db, id, ct) ?? $"No decision '{id}'.")
            : Result<DecisionDto>.Ok((await DecisionViews.ToDtosAsync(db, [row], time.GetUtcNow(), ct))[0]);
    }
}
