using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Judges a registered or changed model version against the configuration the board last approved, inside the
/// transaction of the change, and records the assessment with its ledger entry. A material change to the approved
/// version itself makes that approval lapse; a material new version needs its own review; a non-material one is
/// covered by the approval (its gate carries the approved review's sign-offs over).
/// </summary>
internal static class MaterialChangeRecorder
{
    public static async Task<MaterialChangeRecord?> AssessAsync(
        AttestDbContext db, TimeProvider time, IdGenerator ids, GateData gates, BlobStore blobs, AiSystem system, ModelVersion candidate, string cause, Actor actor, CancellationToken ct,
        IReadOnlyList<Deployment>? deployments = null, IReadOnlyDictionary<string, double>? candidateMetrics = null)
    {
        var approval = await LatestApprovalAsync(db, system.Id, ct);
        if (approval is null)
            return null;
        // As saved, not as tracked: when the approved version itself is being edited, the tracked entity already holds the edit.
        var approvedVersion = await db.ModelVersions.AsNoTracking().Include(v => v.TrainingDatasets).ThenInclude(t => t.Dataset)
            .FirstOrDefaultAsync(v => v.Id == approval.ModelVersionId, ct);
        if (approvedVersion is null)
            return null;
        // Versions registered before the approved one are history, not candidates.
        if (candidate.Id != approvedVersion.Id && candidate.CreatedAt < approvedVersion.CreatedAt)
            return null;

        // The caller's deployments include one it is adding in this transaction.
        deployments ??= await db.Deployments.Where(d => d.SystemId == system.Id).ToListAsync(ct);
        var entry = db.Entry(candidate);
        if (entry.State != EntityState.Added && !entry.Collection(c => c.TrainingDatasets).IsLoaded)
            await entry.Collection(c => c.TrainingDatasets).LoadAsync(ct);
        foreach (var link in candidate.TrainingDatasets)
            link.Dataset ??= await db.Datasets.FindAsync([link.DatasetId], ct);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var approvedConfig = approval.ApprovedConfigurationJson is { } pinned
            ? ModelConfigurations.FromJson(pinned)
            // Approved before configurations were pinned: the saved deployments, without the change being made now.
            : ModelConfigurations.Of(system, approvedVersion, await db.Deployments.AsNoTracking().Where(d => d.SystemId == system.Id).ToListAsync(ct),
                await ModelMetrics.StoredAsync(db, blobs, approvedVersion, today, ct));
        // A caller adding an evaluation passes its metrics: the new evidence is not in the database yet.
        candidateMetrics ??= await ModelMetrics.StoredAsync(db, blobs, candidate, today, ct);
        var assessment = MaterialChangeAssessor.Assess(gates.Catalog.MaterialChangeTriggers, approvedConfig, ModelConfigurations.Of(system, candidate, deployments, candidateMetrics));
        var lapses = assessment.Material && candidate.Id == approvedVersion.Id;
        var record = new MaterialChangeRecord
        {
            Id = ids.New("mc"),
            SystemId = system.Id,
            ModelVersionId = candidate.Id,
            CandidateLabel = candidate.Label,
            ApprovedModelVersionId = approvedVersion.Id,
            ApprovedLabel = approvedConfig.Version,
            ApprovedReviewId = approval.Id,
            Cause = cause,
            Material = assessment.Material,
            LapsedApproval = lapses,
            FiredJson = JsonSerializer.Serialize(assessment.Fired, AttestJson.Options),
            ChecksJson = JsonSerializer.Serialize(assessment.Checks, AttestJson.Options),
            DiffJson = JsonSerializer.Serialize(assessment.Diff, AttestJson.Options),
            MetricDiffJson = JsonSerializer.Serialize(assessment.MetricDiff, AttestJson.Options),
            AssessedAt = now,
            AssessedBy = actor.Id,
        };
        db.MaterialChanges.Add(record);
        await LedgerWriter.AppendAsync(db, time, actor, "model_version.change_assessed", $"system:{system.Id}", new JsonObject
        {
            ["assessment_id"] = record.Id,
            ["model_version"] = record.CandidateLabel,
            ["compared_with"] = record.ApprovedLabel,
            ["approved_by_review"] = approval.Id,
            ["cause"] = cause,
            ["material"] = record.Material,
            ["fired"] = JsonNode.Parse(record.FiredJson),
            ["consequence"] = lapses ? "approval_lapsed" : record.Material ? "new_review_required" : "covered_by_approval",
        }, ct);
        if (lapses)
        {
            var review = await db.Reviews.FirstAsync(r => r.Id == approval.Id, ct);
            review.LapsedAt = now;
            review.LapsedByAssessment = record.Id;
            review.Version++;
            await LedgerWriter.AppendAsync(db, time, actor, "review.approval_lapsed", $"system:{system.Id}", new JsonObject
            {
                ["review_id"] = review.Id,
                ["model_version"] = review.ModelVersionLabel,
                ["assessment_id"] = record.Id,
                ["fired"] = JsonNode.Parse(record.FiredJson),
            }, ct);
        }
        return record;
    }

    /// <summary>The approval in force: the latest go or conditional go of a model version that has not lapsed.</summary>
    public static async Task<Review?> LatestApprovalAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        return await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == systemId && r.ModelVersionId != null && r.Status == ReviewStatus.Decided && r.LapsedAt == null
                && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo))
            .OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id)
            .FirstOrDefaultAsync(ct);
    }
}
