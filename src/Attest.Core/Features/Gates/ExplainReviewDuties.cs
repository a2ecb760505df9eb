using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Separation of duties of one review, in words, before anyone tries: who may not sign off or decide and why, and
/// what the caller may do. It asks the same rules <see cref="SignOffReview"/> and <see cref="DecideReview"/> enforce.
/// </summary>
/// <param name="Requester">The requester's name: they neither sign off nor decide.</param>
/// <param name="Team">The system's named owners and team members: none of them decides.</param>
/// <param name="GoNeedsExecutive">A go or conditional go accepts residual risk (high or critical tier): only an executive approver.</param>
/// <param name="MySpecialties">The specialties the caller may sign off for on this review (assigned and held).</param>
/// <param name="SignOffRefusal">Why the caller may not sign off at all (null: they may, for <paramref name="MySpecialties"/>).</param>
/// <param name="DecideRefusal">Why the caller may not decide at all (null: they may record a no-go).</param>
/// <param name="GoRefusal">Why the caller may not record a go or conditional go (null: they may).</param>
/// <param name="MayLeaveOpen">The requirement kinds a conditional go may leave open at this gate (null: any).</param>
public sealed record ReviewDutiesView(
    string ReviewId, string SystemSlug, string SystemName, string Requester, IReadOnlyList<string> Team, bool GoNeedsExecutive,
    IReadOnlyList<string> MySpecialties, string? SignOffRefusal, string? DecideRefusal, string? GoRefusal, IReadOnlyDictionary<string, string> ActorNames,
    IReadOnlyList<Engine.Gates.RequirementKind>? MayLeaveOpen);

public sealed class ExplainReviewDuties(AttestDbContext db, Access access, GateData gates)
{
    public async Task<Result<ReviewDutiesView>> ExecuteAsync(string reviewId, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = Access.ReadScopeOf(caller);
        var review = await scope.Filter(db.Reviews.AsNoTracking(), r => r.SystemId).Include(r => r.SignOffs).Include(r => r.Assignments).FirstOrDefaultAsync(r => r.Id == reviewId, ct);
        if (review is null)
            return Result<ReviewDutiesView>.NotFound($"No review '{reviewId}'.");
        var system = await db.Systems.AsNoTracking().FirstAsync(s => s.Id == review.SystemId, ct);
        var assigned = review.Assignments.Select(a => a.Specialty).ToList();
        var memberIds = await db.SystemMembers.AsNoTracking().Where(m => m.SystemId == system.Id).Select(m => m.UserId).Distinct().ToListAsync(ct);
        var memberNames = await db.Users.AsNoTracking().Where(u => memberIds.Contains(u.Id)).Select(u => u.DisplayName).ToListAsync(ct);
        var team = new[] { system.BusinessOwner, system.TechnicalOwner }.Concat(memberNames)
            .Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToArray();

        var actorIds = new[] { review.RequestedBy }.Concat(review.SignOffs.Select(s => s.SignedBy)).Concat(review.DecidedBy is null ? [] : [review.DecidedBy]).Distinct().ToArray();
        var names = await HistoryNames.ActorsAsync(db, actorIds, ct);

        // The same checks, in the same order, as the use cases that write.
        var independence = await access.IndependenceRefusalAsync(caller, system, review.RequestedBy, ct);
        var closed = review.Status != ReviewStatus.Open ? "The review is decided; it takes no more sign-offs or decisions." : null;
        var signOffRefusal = closed
            ?? (Access.HoldsPermission(caller, Permissions.ReviewsSignOff) ? null : "Signing off takes the reviewer role (or governance lead).")
            ?? independence;
        var mine = signOffRefusal is null ? assigned.Where(s => caller.Specialties.Contains(s, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray() : [];
        if (signOffRefusal is null && mine.Length == 0)
            signOffRefusal = $"This review asks for {(assigned.Count == 0 ? "no specialist" : string.Join(", ", assigned.Order(StringComparer.Ordinal)))}; you hold {(caller.Specialties.Count == 0 ? "no reviewer specialty" : string.Join(", ", caller.Specialties))}.";
        var decideRefusal = closed
            ?? (Access.HoldsPermission(caller, Permissions.ReviewsDecide) ? null : "Deciding takes the executive approver or governance lead role.")
            ?? independence;
        var goNeedsExecutive = review.Tier >= RiskTier.High;
        var goRefusal = decideRefusal ?? SeparationOfDuties.CheckResidualRiskAcceptance(goNeedsExecutive, new DutyHolder(caller.Actor.Id, caller.Roles));
        return Result<ReviewDutiesView>.Ok(new ReviewDutiesView(review.Id, system.Slug, system.Name, names[review.RequestedBy], team, goNeedsExecutive,
            mine, signOffRefusal, decideRefusal, goRefusal, names, gates.Catalog.For(review.Stage, review.Tier)?.ConditionalGoMayLeaveOpen));
    }
}
