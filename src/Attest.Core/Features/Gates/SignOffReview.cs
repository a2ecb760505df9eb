using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Gates;

/// <summary>
/// A specialist's verdict on an open review (approve, request changes, reject) with a rationale. Only a holder of
/// the specialty may sign for it, and never the requester of the release (separation of duties).
/// </summary>
public sealed class SignOffReview(AttestDbContext db, GovernedWrites writes, IdGenerator ids)
{
    public const int MaxRationaleLength = 4000;

    public async Task<Result<ReleaseReviewDto>> ExecuteAsync(string reviewId, SignOffInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        errors.Required("specialty", input.Specialty);
        if (input.Decision is null)
            errors.Add("decision", "is required: one of approve, request_changes, reject");
        errors.Required("rationale", input.Rationale);
        errors.MaxLength("rationale", input.Rationale, MaxRationaleLength);
        if (errors.Any)
            return errors.ToResult<ReleaseReviewDto>();

        return await writes.ChangeAsync(caller, Permissions.ReviewsSignOff,
            WriteTarget.SystemOf(db.Reviews.Where(r => r.Id == reviewId).Select(r => r.SystemId), $"No review '{reviewId}'."), async change =>
        {
            var review = (await ReviewViews.LoadAsync(db, reviewId, ct))!;
            if (review.Status != ReviewStatus.Open)
                return Result<ReleaseReviewDto>.Conflict($"Review {review.Id} is closed (decided {WireName.Of(review.Decision!.Value)}); sign-offs are no longer taken.");
            if (review.Assignments.All(a => a.Specialty != input.Specialty))
                return Result<ReleaseReviewDto>.Invalid("specialty",
                    $"'{input.Specialty}' is not asked for by this review; it needs {(review.Assignments.Count == 0 ? "no specialist" : string.Join(", ", review.Assignments.Select(a => a.Specialty).Order(StringComparer.Ordinal)))}.");
            if (await change.IndependenceRefusalAsync(review.RequestedBy, ct) is { } refusal)
                return Result<ReleaseReviewDto>.Forbidden(refusal);
            if (!caller.Specialties.Contains(input.Specialty!, StringComparer.Ordinal))
                return Result<ReleaseReviewDto>.Forbidden($"Signing off as {input.Specialty} needs the {input.Specialty} reviewer specialty; you hold {(caller.Specialties.Count == 0 ? "none" : string.Join(", ", caller.Specialties))}.");

            var signOff = new ReviewSignOff
            {
                Id = ids.New("so"),
                ReviewId = review.Id,
                Specialty = input.Specialty!,
                Decision = input.Decision!.Value,
                Rationale = input.Rationale!.Trim(),
                SignedBy = caller.Actor.Id,
                SignedAt = change.Now,
            };
            review.Version++;
            signOff.Sequence = review.Version;
            review.SignOffs.Add(signOff);
            await change.RecordAsync(LedgerActions.ReviewSignedOff, new JsonObject
            {
                ["review_id"] = review.Id,
                ["specialty"] = signOff.Specialty,
                ["decision"] = WireName.Of(signOff.Decision),
                ["rationale"] = signOff.Rationale,
            }, ct);
            return Result<ReleaseReviewDto>.Ok(ReviewViews.ToDto(review));
        }, ct);
    }
}
