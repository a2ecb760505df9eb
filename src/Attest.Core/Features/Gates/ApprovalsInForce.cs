using Attest.Core.Data;
using Attest.Engine.Gates;
using Attest.Engine.Oversight;
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

    /// <summary>
    /// The approvals of a system over time (every release go or conditional go, with its lapse) and the assessments
    /// against them, to answer "the approval in force at t" for any moment — when a decision occurred, not only now.
    /// </summary>
    public static async Task<ApprovalTimeline> TimelineAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var approvals = await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == systemId && r.ModelVersionId != null && r.Status == ReviewStatus.Decided && r.Stage != GateStage.DesignReview
                && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo))
            .Select(r => new { r.Id, r.ModelVersionId, r.DecidedAt, r.LapsedAt })
            .ToListAsync(ct);
        var ids = approvals.Select(a => a.Id).ToList();
        var assessments = ids.Count == 0 ? new List<CoverageAssessment>() : await db.MaterialChanges.AsNoTracking()
            .Where(m => m.SystemId == systemId && ids.Contains(m.ApprovedReviewId))
            .Select(m => new CoverageAssessment(m.Id, m.ModelVersionId, m.ApprovedReviewId, m.AssessedAt, m.Material))
            .ToListAsync(ct);
        return new ApprovalTimeline(approvals.Select(a => new ApprovalRecord(a.Id, a.ModelVersionId!, a.DecidedAt!.Value, a.LapsedAt)), assessments);
    }

    /// <summary>The approval in force for the system at <paramref name="at"/> (decided by then, not lapsed by then), or null.</summary>
    public static async Task<Review?> AsOfAsync(AttestDbContext db, string systemId, DateTimeOffset at, CancellationToken ct)
    {
        var timeline = await TimelineAsync(db, systemId, ct);
        return timeline.InForceAt(at) is { } approval ? await db.Reviews.AsNoTracking().FirstAsync(r => r.Id == approval.ReviewId, ct) : null;
    }
}
