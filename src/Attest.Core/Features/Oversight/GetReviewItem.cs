using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>One review item, as the reviewer sees it.</summary>
public sealed class GetReviewItem(AttestDbContext db, TimeProvider time)
{
    public async Task<Result<ReviewItemDto>> ExecuteAsync(string id, CancellationToken ct)
    {
        var item = await db.ReviewItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        return item is null
            ? Result<ReviewItemDto>.NotFound($"No review item '{id}'.")
            : Result<ReviewItemDto>.Ok((await ReviewItemViews.ToDtosAsync(db, new HistoryNamesFor(db), [item], time.GetUtcNow(), ct))[0]);
    }
}
