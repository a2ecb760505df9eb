using Attest.Core.Data;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The approval in force for a system: its latest go or conditional go on a model version at a release stage (not a
/// design review) that has not lapsed. A model version is covered by it when it is the approved version, or when its
/// latest assessment against that approval found no material change.
/// </summary>
public static class ApprovalsInForce
{
    public static async Task<Review?> LatestAsync(AttestDbContext db, string systemId, CancellationToken ct) =>
        await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == systemId && r.ModelVersionId != null && r.Status == ReviewStatus.Decided && r.LapsedAt == null
                && r.Stage != GateStage.DesignReview
                && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo))
            .OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);

    /// <summary>Whether <paramref name="modelVersionId"/> runs under <paramref name="approval"/>.</summary>
    public static async Task<bool> CoversAsync(AttestDbContext db, Review approval, string modelVersionId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(approval);
        if (approval.ModelVersionId == modelVersionId)
            return true;
        var latest = await db.MaterialChanges.AsNoTracking()
            .Where(m => m.ModelVersionId == modelVersionId && m.ApprovedReviewId == approval.Id)
            .OrderByDescending(m => m.AssessedAt).ThenByDescending(m => m.Id)
            .FirstOrDefaultAsync(ct);
        return latest is { Material: false };
    }
}
