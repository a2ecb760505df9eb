using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The board's decision on an open review: go, no-go or conditional go (with conditions: owner and due date).
/// The decider is never the requester; a go on a high or critical tier accepts residual risk and needs an
/// executive approver. A plain go needs the gate to pass; the gate verdict (with evidence ids and hashes) is
/// pinned with its SHA-256; the conditions of a conditional go become tracked actions. A closed review refuses a second decision, and concurrent decisions never both apply.
/// </summary>
public sealed class DecideReview(AttestDbContext db, GovernedWrites writes, EvaluateGate gate, IdGenerator ids, Core.Features.Evidence.BlobStore blobs, GateData gates)
{
    public const int MaxTextLength = 4000;

    public async Task<Result<ReleaseReviewDto>> ExecuteAsync(string reviewId, DecisionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new FieldErrors();
        if (input.Decision is null)
            errors.Add("decision", "is required: one of go, no_go, conditional_go");
        errors.Required("rationale", input.Rationale);
        errors.MaxLength("rationale", input.Rationale, MaxTextLength);
        var conditions = input.Conditions ?? [];
        if (input.Decision == BoardDecision.ConditionalGo && conditions.Count == 0)
            errors.Add("conditions", "a conditional go needs at least one condition (description, owner, due_on, answers)");
        if (input.Decision is not null and not BoardDecision.ConditionalGo && conditions.Count > 0)
            errors.Add("conditions", "only a conditional_go has conditions");
        for (var i = 0; i < conditions.Count; i++)
        {
            errors.Required($"conditions[{i}].description", conditions[i].Description);
            errors.MaxLength($"conditions[{i}].description", conditions[i].Description, MaxTextLength);
            errors.Required($"conditions[{i}].owner", conditions[i].Owner);
            if (conditions[i].DueOn is null)
                errors.Add($"conditions[{i}].due_on", "is required (yyyy-MM-dd)");
        }
        if (errors.Any)
            return errors.ToResult<ReleaseReviewDto>();

        return await writes.ChangeAsync(caller, Permissions.ReviewsDecide,
            WriteTarget.SystemOf(db.Reviews.Where(r => r.Id == reviewId).Select(r => r.SystemId), $"No review '{reviewId}'."), async change =>
        {
            var review = (await ReviewViews.LoadAsync(db, reviewId, ct))!;
            if (expectedVersion is { } expected && expected != review.Version)
                return Result<ReleaseReviewDto>.PreconditionFailed($"Review {review.Id} is at version {review.Version}, not {expected}: read it again and retry.");
            if (review.Status != ReviewStatus.Open)
                return Result<ReleaseReviewDto>.Conflict($"Review {review.Id} is already decided ({WireName.Of(review.Decision!.Value)} by {review.DecidedBy}).");
            if (await change.IndependenceRefusalAsync(review.RequestedBy, ct) is { } refusal)
                return Result<ReleaseReviewDto>.Forbidden(refusal);
            var decider = new DutyHolder(caller.Actor.Id, caller.Roles);
            var decision = input.Decision!.Value;
            var acceptsResidualRisk = decision != BoardDecision.NoGo && review.Tier >= RiskTier.High;
            if (acceptsResidualRisk && SeparationOfDuties.CheckResidualRiskAcceptance(true, decider) is { } riskRefusal)
                return Result<ReleaseReviewDto>.Forbidden(riskRefusal);

            var system = change.System;
            var version = review.ModelVersionId is null ? null : await db.ModelVersions.AsNoTracking().Include(v => v.TrainingDatasets).ThenInclude(t => t.Dataset)
                .FirstOrDefaultAsync(v => v.Id == review.ModelVersionId, ct);
            var gathered = await gate.GatherAsync(system, version, review.Stage, ct);
            if (!gathered.IsOk)
                return gathered.As<ReleaseReviewDto>();
            var report = gathered.Value!.Report;
            if (decision == BoardDecision.Go && report.Decision != GateDecision.Go)
                return Result<ReleaseReviewDto>.Conflict(
                    $"The {WireName.Of(review.Stage)} gate is no_go ({report.Unmet.Count} unmet: {string.Join(", ", report.Unmet.Take(5).Select(u => u.Requirement))}{(report.Unmet.Count > 5 ? ", …" : "")}); decide no_go, or conditional_go with conditions.");
            if (decision == BoardDecision.ConditionalGo)
            {
                // Each condition answers named unmet requirements, all of them, and only of the kinds the gate lets stay open.
                var problems = ConditionalGoRule.Check(report.Unmet.Select(u => (u.Requirement, u.Kind)).ToArray(),
                    conditions.Select(c => (IReadOnlyList<string>)(c.Answers ?? []).Select(a => a.Trim()).ToArray()).ToArray(),
                    gates.Catalog.For(review.Stage, report.Tier)?.ConditionalGoMayLeaveOpen);
                if (problems.FirstOrDefault(p => p.Field == "decision") is { } kinds)
                    return Result<ReleaseReviewDto>.Conflict(kinds.Message);
                if (problems.Count > 0)
                {
                    var answerErrors = new FieldErrors();
                    foreach (var p in problems)
                        answerErrors.Add(p.Field, p.Message);
                    return answerErrors.ToResult<ReleaseReviewDto>();
                }
            }

            // What the decision stood on: the verdict and the evidence behind each control, hashed so it can be shown later unchanged.
            var pinned = new JsonObject
            {
                ["gate"] = AttestJson.ToNode(report),
                ["evidence"] = new JsonArray(gathered.Value.Facts.Controls.Where(c => c.LatestEvidenceId is not null)
                    .Select(c => (JsonNode)new JsonObject { ["control"] = c.ControlId, ["evidence_id"] = c.LatestEvidenceId, ["sha256"] = c.LatestEvidenceSha256 }).ToArray()),
            };
            var pinnedJson = pinned.ToJsonString(AttestJson.Options);
            var now = change.Now;
            review.Status = ReviewStatus.Decided;
            review.Decision = decision;
            review.DecisionRationale = input.Rationale!.Trim();
            review.DecidedBy = caller.Actor.Id;
            review.DecidedAt = now;
            review.ConditionsJson = JsonSerializer.Serialize(conditions.Select(c => new ConditionDto(c.Description!.Trim(), c.Owner!.Trim(), c.DueOn!.Value,
                Answers: c.Answers is { Count: > 0 } answers ? answers.Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToArray() : null)).ToArray(), AttestJson.Options);
            review.PinnedGateJson = pinnedJson;
            review.PinnedGateSha256 = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pinnedJson)));
            review.ResidualRiskAcceptedBy = acceptsResidualRisk ? caller.Actor.Id : null;
            // What was approved, so later versions and edits are judged against it (material change).
            if (decision != BoardDecision.NoGo && version is not null)
            {
                var deployments = await db.Deployments.AsNoTracking().Where(d => d.SystemId == system.Id).ToListAsync(ct);
                var metrics = await ModelMetrics.StoredAsync(db, blobs, version, DateOnly.FromDateTime(now.UtcDateTime), ct);
                review.ApprovedConfigurationJson = ModelConfigurations.ToJson(ModelConfigurations.Of(system, version, deployments, metrics));
            }
            review.Version++;
            // Each condition of a conditional go becomes a tracked action with its owner and due day.
            var actions = conditions.Select((c, i) => new TrackedAction
            {
                Id = ids.New("act"),
                SystemId = review.SystemId,
                ReviewId = review.Id,
                Sequence = i,
                Description = c.Description!.Trim(),
                Owner = c.Owner!.Trim(),
                DueOn = c.DueOn!.Value,
                Status = TrackedActionStatus.Open,
                CreatedAt = now,
                CreatedBy = caller.Actor.Id,
                Version = 1,
            }).ToList();
            review.Actions.AddRange(actions);
            await change.RecordAsync(LedgerActions.ReviewDecided, new JsonObject
            {
                ["review_id"] = review.Id,
                ["stage"] = WireName.Of(review.Stage),
                ["model_version"] = review.ModelVersionLabel,
                ["decision"] = WireName.Of(decision),
                ["rationale"] = review.DecisionRationale,
                ["gate_decision"] = WireName.Of(report.Decision),
                ["unmet"] = new JsonArray(report.Unmet.Select(u => (JsonNode)JsonValue.Create(u.Requirement)!).ToArray()),
                ["conditions"] = JsonNode.Parse(review.ConditionsJson),
                ["actions"] = new JsonArray(actions.Select(a => (JsonNode)JsonValue.Create(a.Id)!).ToArray()),
                ["residual_risk_accepted_by"] = review.ResidualRiskAcceptedBy,
                ["pinned_sha256"] = review.PinnedGateSha256,
            }, ct);
            return Result<ReleaseReviewDto>.Ok(ReviewViews.ToDto(review));
        }, ct);
    }
}
