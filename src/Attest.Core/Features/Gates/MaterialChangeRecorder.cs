using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Judges a registered or changed model version against the configuration the board approved, and records the
/// assessment with its ledger entry. A material change to the approved version itself makes that approval lapse; a
/// material new version needs its own review; a non-material one is covered by the approval (its gate carries the
/// approved review's sign-offs over). Called only by the governed write path (<see cref="GovernedWrites"/>), once per
/// touched model version (as one batch per system), after the change is flushed and before it commits.
/// </summary>
internal static class MaterialChangeRecorder
{
    /// <summary>
    /// Assesses the candidates (each with the cause of its change) against <paramref name="approval"/> as one batch: what
    /// every assessment needs (the approved version, the deployments, which versions have measured metrics) is read once,
    /// and their ledger entries are appended together.
    /// </summary>
    public static async Task<IReadOnlyList<MaterialChangeRecord>> AssessAllAsync(
        GovernedChange change, Review approval, AiSystem system, IReadOnlyList<(ModelVersion Candidate, string Cause)> candidates, CancellationToken ct)
    {
        var path = change.Path;
        var db = path.Db;
        // Every go pins the approved configuration (DecideReview); an approval without one has nothing to compare with.
        if (approval.ApprovedConfigurationJson is not { } pinned || candidates.Count == 0)
            return [];
        var approvedCreatedAt = await db.ModelVersions.AsNoTracking().Where(v => v.Id == approval.ModelVersionId).Select(v => (DateTimeOffset?)v.CreatedAt).FirstOrDefaultAsync(ct);
        if (approvedCreatedAt is null)
            return [];

        var deployments = await db.Deployments.AsNoTracking().Where(d => d.SystemId == system.Id).ToListAsync(ct);
        var measured = await ModelMetrics.MeasuredVersionIdsAsync(db, system.Id, change.Today, ct);
        var approvedConfig = ModelConfigurations.FromJson(pinned);
        var records = new List<MaterialChangeRecord>();
        var entries = new List<(LedgerAction<AiSystem>, JsonNode)>();
        foreach (var (candidate, cause) in candidates)
        {
            // Versions registered before the approved one are history, not candidates.
            if (candidate.Id != approval.ModelVersionId && candidate.CreatedAt < approvedCreatedAt)
                continue;
            var metrics = measured.Contains(candidate.Id)
                ? await ModelMetrics.StoredAsync(db, path.Blobs, candidate, change.Today, ct)
                : new Dictionary<string, double>(StringComparer.Ordinal);
            var assessment = MaterialChangeAssessor.Assess(path.Gates.Catalog.MaterialChangeTriggers, approvedConfig, ModelConfigurations.Of(system, candidate, deployments, metrics));
            var lapses = assessment.Material && candidate.Id == approval.ModelVersionId;
            var record = new MaterialChangeRecord
            {
                Id = path.Ids.New("mc"),
                SystemId = system.Id,
                ModelVersionId = candidate.Id,
                CandidateLabel = candidate.Label,
                ApprovedModelVersionId = approval.ModelVersionId!,
                ApprovedLabel = approvedConfig.Version,
                ApprovedReviewId = approval.Id,
                Cause = cause,
                Material = assessment.Material,
                LapsedApproval = lapses,
                FiredJson = JsonSerializer.Serialize(assessment.Fired, AttestJson.Options),
                ChecksJson = JsonSerializer.Serialize(assessment.Checks, AttestJson.Options),
                DiffJson = JsonSerializer.Serialize(assessment.Diff, AttestJson.Options),
                MetricDiffJson = JsonSerializer.Serialize(assessment.MetricDiff, AttestJson.Options),
                AssessedAt = change.Now,
                AssessedBy = change.Actor.Id,
            };
            records.Add(record);
            entries.Add((LedgerActions.ChangeAssessed, new JsonObject
            {
                ["assessment_id"] = record.Id,
                ["model_version"] = record.CandidateLabel,
                ["compared_with"] = record.ApprovedLabel,
                ["approved_by_review"] = approval.Id,
                ["cause"] = cause,
                ["material"] = record.Material,
                ["fired"] = JsonNode.Parse(record.FiredJson),
                ["consequence"] = lapses ? "approval_lapsed" : record.Material ? "new_review_required" : "covered_by_approval",
            }));
            if (lapses)
            {
                var review = await db.Reviews.FirstAsync(r => r.Id == approval.Id, ct);
                review.LapsedAt = change.Now;
                review.LapsedByAssessment = record.Id;
                review.Version++;
                entries.Add((LedgerActions.ApprovalLapsed, new JsonObject
                {
                    ["review_id"] = review.Id,
                    ["model_version"] = review.ModelVersionLabel,
                    ["assessment_id"] = record.Id,
                    ["fired"] = JsonNode.Parse(record.FiredJson),
                }));
            }
        }
        // An import assesses thousands of versions: the records go in as one batch, like their ledger entries.
        await BulkInsert.InsertAsync(db, records, ct);
        await change.RecordAllAsync(entries, ct);
        await db.SaveChangesAsync(ct);
        return records;
    }
}
