using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Opens a release review: a reviewer assignment per specialty intake routing asks for, and a due date the
/// tier's SLA (business days, data/reviews/policy.yaml) after today. One open review per system, stage and model version.
/// </summary>
public sealed class RequestRelease(AttestDbContext db, GovernedWrites writes, IdGenerator ids, GateData gates)
{
    public async Task<Result<ReleaseReviewDto>> ExecuteAsync(ReleaseRequestInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("system", input.System);
        if (input.Stage is null)
            errors.Add("stage", $"is required: one of {string.Join(", ", WireName.All<GateStage>())}");
        if (errors.Any)
            return errors.ToResult<ReleaseReviewDto>();

        return await writes.ChangeAsync(caller, Permissions.ReviewsRequest, WriteTarget.System(input.System!), async change =>
        {
            var system = change.System;
            var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<ReleaseReviewDto>(db, system, input.ModelVersion, "model_version", ct);
            if (error is not null)
                return error;
            var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
            if (ClassificationRecords.NotReady(system, latest) is { } notReady)
                return Result<ReleaseReviewDto>.Conflict(notReady);
            var stage = input.Stage!.Value;
            var versionId = version?.Id;
            var open = await db.Reviews.AnyAsync(r => r.SystemId == system.Id && r.Stage == stage && r.ModelVersionId == versionId && r.Status == ReviewStatus.Open, ct);
            if (open)
                return Result<ReleaseReviewDto>.Conflict($"A {WireName.Of(stage)} review of '{system.Slug}'{(version is null ? "" : " " + version.Label)} is already open.");

            var now = change.Now;
            var tier = latest!.Tier;
            var review = new Review
            {
                Id = ids.New("rev"),
                SystemId = system.Id,
                ModelVersionId = versionId,
                ModelVersionLabel = version?.Label,
                Stage = stage,
                Tier = tier,
                RequestedBy = change.Actor.Id,
                RequestedAt = now,
                DueOn = BusinessDays.Add(DateOnly.FromDateTime(now.UtcDateTime), gates.PolicyFor(tier).SlaBusinessDays),
                Status = ReviewStatus.Open,
                Version = 1,
            };
            foreach (var route in latest.Document.Review)
                review.Assignments.Add(new ReviewAssignment { ReviewId = review.Id, Specialty = route.Reviewer, Reason = route.Reason });
            db.Reviews.Add(review);
            await change.RecordAsync(LedgerActions.ReviewRequested, new JsonObject
            {
                ["review_id"] = review.Id,
                ["stage"] = WireName.Of(stage),
                ["model_version"] = version?.Label,
                ["tier"] = WireName.Of(tier),
                ["due_on"] = review.DueOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["reviewers"] = new JsonArray(review.Assignments.Select(a => (JsonNode)JsonValue.Create(a.Specialty)!).ToArray()),
            }, ct);
            return Result<ReleaseReviewDto>.Ok(ReviewViews.ToDto(review));
        }, ct);
    }
}
