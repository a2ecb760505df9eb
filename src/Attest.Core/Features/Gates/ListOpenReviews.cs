using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>An open review on the board, with its system and the business days left before its SLA due date (negative: overdue).</summary>
public sealed record OpenReviewView(ReleaseReviewDto Review, string SystemSlug, string SystemName, int BusinessDaysLeft);

/// <summary>The review board's queue: open reviews, soonest due first.</summary>
public sealed class ListOpenReviews(AttestDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<OpenReviewView>> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        ArgumentNullException.ThrowIfNull(scope);
        var reviews = await scope.Filter(db.Reviews.AsNoTracking(), r => r.SystemId).Include(r => r.Assignments).Include(r => r.SignOffs)
            .Where(r => r.Status == ReviewStatus.Open).ToListAsync(ct);
        var ids = reviews.Select(r => r.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        return reviews.OrderBy(r => r.DueOn).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new OpenReviewView(ReviewViews.ToDto(r), systems[r.SystemId].Slug, systems[r.SystemId].Name, BusinessDays.Between(today, r.DueOn)))
            .ToArray();
    }
}
