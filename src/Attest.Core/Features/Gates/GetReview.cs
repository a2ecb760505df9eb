using Attest.Core.Common;
using Attest.Core.Data;

namespace Attest.Core.Features.Gates;

public sealed class GetReview(AttestDbContext db)
{
    public async Task<Result<ReleaseReviewDto>> ExecuteAsync(string reviewId, CancellationToken ct)
    {
        var review = await ReviewViews.LoadAsync(db, reviewId, ct);
        return review is null ? Result<ReleaseReviewDto>.NotFound($"No review '{reviewId}'.") : Result<ReleaseReviewDto>.Ok(ReviewViews.ToDto(review));
    }
}
