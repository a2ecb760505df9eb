using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

internal static class ReviewViews
{
    public static Task<Review?> LoadAsync(AttestDbContext db, string id, CancellationToken ct) =>
        db.Reviews.Include(r => r.Assignments).Include(r => r.SignOffs).Include(r => r.Actions).FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>Sign-offs in the order they were given.</summary>
    public static IReadOnlyList<ReviewSignOff> Ordered(IEnumerable<ReviewSignOff> signOffs) => signOffs.OrderBy(s => s.Sequence).ToArray();

    public static ReleaseReviewDto ToDto(Review r)
    {
        var signOffs = Ordered(r.SignOffs);
        return new ReleaseReviewDto(r.Id, r.SystemId, r.ModelVersionLabel, r.Stage, r.Tier, r.Status, r.RequestedBy, r.RequestedAt, r.DueOn,
            r.Decision, r.DecisionRationale, r.DecidedBy, r.DecidedAt,
            Conditions(r),
            r.ResidualRiskAcceptedBy, r.PinnedGateSha256,
            r.Assignments.OrderBy(a => a.Specialty, StringComparer.Ordinal).Select(a =>
            {
                var latest = signOffs.LastOrDefault(s => s.Specialty == a.Specialty);
                return new AssignmentDto(a.Specialty, a.Reason, latest?.Decision, latest?.SignedBy);
            }).ToArray(),
            signOffs.Select(s => new SignOffDto(s.Id, s.Specialty, s.Decision, s.Rationale, s.SignedBy, s.SignedAt)).ToArray(),
            r.Version, r.LapsedAt, r.LapsedByAssessment);
    }

    // Each condition is followed up by the tracked action made from it at the decision (same position).
    private static ConditionDto[] Conditions(Review r)
    {
        var conditions = JsonSerializer.Deserialize<ConditionDto[]>(r.ConditionsJson, AttestJson.Options) ?? [];
        var actions = r.Actions.OrderBy(a => a.Sequence).ToArray();
        return conditions.Select((c, i) => i < actions.Length ? c with { ActionId = actions[i].Id, Status = actions[i].Status } : c).ToArray();
    }
}
