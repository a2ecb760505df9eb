namespace Attest.Engine.Oversight;

/// <summary>A release approval (a go or conditional go at a release stage) of one model version, and when it lapsed, if it did.</summary>
public sealed record ApprovalRecord(string ReviewId, string ModelVersionId, DateTimeOffset DecidedAt, DateTimeOffset? LapsedAt);

/// <summary>A recorded material-change assessment of a model version against an approval.</summary>
public sealed record CoverageAssessment(string Id, string ModelVersionId, string ApprovedReviewId, DateTimeOffset AssessedAt, bool Material);

/// <summary>Whether a model version ran under an approval at some moment, and why (or why not).</summary>
/// <param name="AssessmentId">The assessment that found no material change, when the version is covered through one.</param>
public sealed record ApprovalCoverage(ApprovalRecord? Approval, bool Covered, string? AssessmentId, string Why);

/// <summary>
/// The approvals of one system over time, so "the approval in force at <c>t</c>" can be answered for any moment — when a
/// decision occurred, not only now. The approval in force at <c>t</c> is the latest decided at or before <c>t</c> that
/// had not lapsed by then; a model version is covered by it when it is the approved version, or when its latest
/// assessment against that approval made at or before <c>t</c> found no material change. Pure: the caller loads the rows.
/// </summary>
public sealed class ApprovalTimeline
{
    private readonly List<ApprovalRecord> _approvals;
    private readonly List<CoverageAssessment> _assessments;

    public ApprovalTimeline(IEnumerable<ApprovalRecord> approvals, IEnumerable<CoverageAssessment> assessments)
    {
        ArgumentNullException.ThrowIfNull(approvals);
        ArgumentNullException.ThrowIfNull(assessments);
        _approvals = approvals.OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.ReviewId, StringComparer.Ordinal).ToList();
        _assessments = assessments.OrderByDescending(a => a.AssessedAt).ThenByDescending(a => a.Id, StringComparer.Ordinal).ToList();
    }

    public ApprovalRecord? InForceAt(DateTimeOffset at) =>
        _approvals.FirstOrDefault(a => a.DecidedAt <= at && (a.LapsedAt is not { } lapsed || lapsed > at));

    public ApprovalCoverage CoverageAt(string modelVersionId, string modelVersionLabel, DateTimeOffset at)
    {
        var approval = InForceAt(at);
        if (approval is null)
        {
            var lapsed = _approvals.FirstOrDefault(a => a.DecidedAt <= at);
            return new ApprovalCoverage(null, false, null, lapsed is null
                ? "No release approval of the system had been decided by then."
                : $"The latest approval before then ({lapsed.ReviewId}) had lapsed after a material change.");
        }
        if (approval.ModelVersionId == modelVersionId)
            return new ApprovalCoverage(approval, true, null, $"{modelVersionLabel} is the approved version.");
        var assessment = _assessments.FirstOrDefault(a => a.ModelVersionId == modelVersionId && a.ApprovedReviewId == approval.ReviewId && a.AssessedAt <= at);
        return assessment switch
        {
            null => new ApprovalCoverage(approval, false, null, $"{modelVersionLabel} is not the version approved by {approval.ReviewId} and was never assessed against it."),
            { Material: false } => new ApprovalCoverage(approval, true, assessment.Id, $"{modelVersionLabel} was assessed as no material change from the approved version ({assessment.Id})."),
            _ => new ApprovalCoverage(approval, false, assessment.Id, $"{modelVersionLabel} is a material change from the version approved by {approval.ReviewId} ({assessment.Id}): it needs its own review."),
        };
    }
}
