using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// The causal trace of one decision (<c>attest.decision-trace/v1</c>), in one document: the decision as received and
/// recorded (its canonical JSON and leaf hash), the model version and deployment, the approval in force when it occurred
/// (review, who decided, when, the pinned gate verdict and the SHA-256 of each piece of evidence) or <c>null</c> with why,
/// the policy version that routed it (SHA-256, author, approver, the rules that fired, the controls it implements), the
/// human reviews, and the proof: the batch inclusion proof, and every ledger entry named here with its inclusion proof up
/// to a signed checkpoint. <c>attest trace verify</c> checks all of it offline (<see cref="DecisionTraceVerifier"/>).
/// </summary>
public sealed class GetDecisionTrace(AttestDbContext db, CreateCheckpoint checkpoints, LedgerTree tree, TimeProvider time)
{
    public async Task<Result<JsonObject>> ExecuteAsync(string decisionId, CancellationToken ct)
    {
        var row = await db.Decisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == decisionId, ct);
        if (row is null) return Result<JsonObject>.NotFound(await PurgedDecisions.ExplainAsync(db, decisionId, ct) ?? $"No decision '{decisionId}'.");
        var system = await db.Systems.AsNoTracking().Where(s => s.Id == row.SystemId).Select(s => new { s.Id, s.Slug, s.Name, s.Tier }).FirstAsync(ct);
        var version = await db.ModelVersions.AsNoTracking().FirstAsync(v => v.Id == row.ModelVersionId, ct);
        var deployment = row.DeploymentId is null ? null : await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == row.DeploymentId, ct);
        var batch = await db.DecisionBatches.AsNoTracking().FirstAsync(b => b.Id == row.BatchId, ct);
        var record = Record(row);
        var canonical = record.ToCanonicalJson();
        var seqs = new List<(string Role, long Seq)> { ("decisions_batch", batch.LedgerSeq) };

        // The decision: the hashed fields as they are, and what is shown beside them.
        var decision = (JsonObject)JsonNode.Parse(canonical)!;
        decision["system"] = new JsonObject { ["id"] = system.Id, ["slug"] = system.Slug, ["name"] = system.Name };
        if (row.InputJson is not null) decision["input"] = JsonNode.Parse(row.InputJson);
        decision["has_attributes"] = row.AttributesJson is not null;
        decision["canonical"] = canonical;
        decision["leaf_hash"] = Convert.ToHexStringLower(DecisionRecord.LeafHashOf(canonical));

        // The batch proof, from the leaf hashes stored with the batch.
        var leaves = await db.Decisions.AsNoTracking().Where(d => d.BatchId == row.BatchId).OrderBy(d => d.BatchIndex).Select(d => d.LeafHash).ToListAsync(ct);
        var batchTree = new MerkleTree();
        foreach (var leaf in leaves) batchTree.AppendLeafHash(leaf);
        var batchProof = new JsonObject
        {
            ["id"] = batch.Id,
            ["size"] = leaves.Count,
            ["leaf_index"] = row.BatchIndex,
            ["root_hash"] = batch.RootHash,
            ["inclusion_proof"] = new JsonArray([.. batchTree.InclusionProof(row.BatchIndex, leaves.Count).Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
        };

        var policy = await PolicyAsync(row, seqs, ct);
        var (approval, approvalNote) = await ApprovalAsync(row, version, seqs, ct);
        var (review, reviews) = await ReviewsAsync(row, seqs, ct);

        var covering = await checkpoints.CoverAsync(seqs.Max(s => s.Seq), CallerIdentity.Attest, ct);
        if (!covering.IsOk) return covering.As<JsonObject>();
        var signed = covering.Value!.Signed;
        var ledgerRows = await db.Ledger.AsNoTracking().Where(e => seqs.Select(s => s.Seq).Contains(e.Seq)).ToDictionaryAsync(e => e.Seq, ct);
        JsonArray entries;
        try
        {
            entries = await tree.UseAsync(db, t => new JsonArray([.. seqs.Distinct().Select(s =>
            {
                var entry = ledgerRows[s.Seq];
                return (JsonNode)new JsonObject
                {
                    ["role"] = s.Role,
                    ["seq"] = s.Seq,
                    ["entry"] = LedgerHashing.ToJson(entry.ToRecord()),
                    ["payload"] = JsonNode.Parse(entry.PayloadJson),
                    ["leaf_index"] = s.Seq - 1,
                    ["inclusion_proof"] = new JsonArray([.. t.InclusionProof(s.Seq - 1, signed.Checkpoint.TreeSize).Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
                };
            })]), ct);
        }
        catch (InvalidDataException e)
        {
            return Result<JsonObject>.Conflict($"The ledger in the database does not verify, so no trustworthy proof can be given: {e.Message}");
        }

        var model = new JsonObject
        {
            ["id"] = version.Id,
            ["name"] = version.Name,
            ["version"] = version.Version,
            ["label"] = version.Label,
            ["kind"] = WireName.Of(version.Kind),
            ["provider"] = WireName.Of(version.Provider),
            ["artifact_sha256"] = version.ArtifactSha256,
        };
        var trace = new JsonObject
        {
            ["format"] = DecisionTraceVerifier.Format,
            ["generated_at"] = LedgerHashing.FormatTime(time.GetUtcNow()),
            ["decision"] = decision,
            ["model_version"] = model,
            ["deployment"] = deployment is null ? null : new JsonObject
            {
                ["id"] = deployment.Id,
                ["environment"] = WireName.Of(deployment.Environment),
                ["region"] = deployment.Region,
                ["status"] = WireName.Of(deployment.Status),
                ["deployed_on"] = deployment.DeployedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            ["approval"] = approval,
            ["approval_note"] = approvalNote,
            ["policy"] = policy,
            ["review"] = review,
            ["reviews"] = reviews,
            ["proof"] = new JsonObject
            {
                ["batch"] = batchProof,
                ["checkpoint"] = signed.ToJson(),
                ["public_key_pem"] = Ed25519PublicKeys.ToPem(Convert.FromBase64String(signed.PublicKey)),
                ["entries"] = entries,
            },
        };
        return Result<JsonObject>.Ok(trace);
    }

    /// <summary>The decision as it was hashed, rebuilt from its row.</summary>
    internal static DecisionRecord Record(DecisionRow row) => new()
    {
        Id = row.Id,
        SystemId = row.SystemId,
        ModelVersionId = row.ModelVersionId,
        ModelVersion = row.ModelVersionLabel,
        DeploymentId = row.DeploymentId,
        ExternalId = row.ExternalId,
        OccurredAt = row.OccurredAt,
        RecordedAt = row.RecordedAt,
        InputDigest = row.InputDigest,
        Output = new DecisionOutput(row.Output, row.OutputIsNumber),
        Confidence = row.Confidence,
        Factors = JsonSerializer.Deserialize<Dictionary<string, double>>(row.FactorsJson) ?? [],
        Features = Features(row.FeaturesJson),
        AttributesSha256 = row.AttributesSha256,
        Ungoverned = row.Ungoverned,
        Route = row.Route,
        Reasons = IngestDecisions.Reasons(row.ReasonsJson),
        PolicyVersion = row.PolicyVersion,
        PolicySha256 = row.PolicySha256,
    };

    internal static Dictionary<string, FeatureValue> Features(string json)
    {
        var features = new Dictionary<string, FeatureValue>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var p in document.RootElement.EnumerateObject())
            features[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? FeatureValue.Of(p.Value.GetDouble()) : FeatureValue.Of(p.Value.GetString() ?? "");
        return features;
    }

    private async Task<JsonObject> PolicyAsync(DecisionRow row, List<(string, long)> seqs, CancellationToken ct)
    {
        var reasons = IngestDecisions.Reasons(row.ReasonsJson);
        if (row.PolicyVersion is not { } number)
            return new JsonObject
            {
                ["version"] = null,
                ["sha256"] = null,
                ["fired_rules"] = new JsonArray([.. reasons.Select(r => (JsonNode)r)]),
                ["controls"] = new JsonArray(),
                ["note"] = "No oversight policy was in force when the decision was recorded: it went to human review (no_policy_in_force).",
            };
        var version = await db.OversightPolicies.AsNoTracking().FirstAsync(p => p.SystemId == row.SystemId && p.Version == number, ct);
        var policy = OversightPolicies.Policy(version);
        seqs.Add(("policy_proposed", version.ProposedSeq));
        if (version.ApprovedSeq is { } approved) seqs.Add(("policy_approved", approved));
        var names = await new HistoryNamesFor(db).ActorsAsync(new[] { version.ProposedBy, version.ApprovedBy }.OfType<string>().ToList(), ct);
        return new JsonObject
        {
            ["version"] = version.Version,
            ["sha256"] = version.Sha256,
            ["status"] = SnakeCase.FromEnum(version.Status),
            ["proposed_by"] = version.ProposedBy,
            ["proposed_by_name"] = names.GetValueOrDefault(version.ProposedBy, version.ProposedBy),
            ["proposed_at"] = LedgerHashing.FormatTime(version.ProposedAt),
            ["approved_by"] = version.ApprovedBy,
            ["approved_by_name"] = version.ApprovedBy is { } a ? names.GetValueOrDefault(a, a) : null,
            ["approved_at"] = version.ApprovedAt is { } at ? LedgerHashing.FormatTime(at) : null,
            ["fired_rules"] = new JsonArray([.. reasons.Select(r => (JsonNode)r)]),
            ["rules"] = new JsonArray([.. policy.Rules.Where(r => reasons.Contains(r.Id)).Select(r => (JsonNode)r.ToJson())]),
            ["controls"] = new JsonArray([.. policy.Controls.Select(c => (JsonNode)c)]),
            ["document"] = JsonNode.Parse(version.DocumentJson),
        };
    }

    private async Task<(JsonObject? Approval, string? Note)> ApprovalAsync(DecisionRow row, ModelVersion version, List<(string, long)> seqs, CancellationToken ct)
    {
        var timeline = await ApprovalsInForce.TimelineAsync(db, row.SystemId, ct);
        var coverage = timeline.CoverageAt(version.Id, version.Label, row.OccurredAt);
        if (!coverage.Covered || coverage.Approval is null)
            return (null, $"No approval covered {version.Label} at {LedgerHashing.FormatTime(row.OccurredAt)}: {coverage.Why}");
        var review = await db.Reviews.AsNoTracking().FirstAsync(r => r.Id == coverage.Approval.ReviewId, ct);
        var subject = $"system:{row.SystemId}";
        var decided = LedgerActions.ReviewDecided.Name;
        var needle = $"\"review_id\":\"{review.Id}\"";
        var seq = await db.Ledger.AsNoTracking().Where(e => e.Subject == subject && e.Action == decided && e.PayloadJson.Contains(needle)).Select(e => (long?)e.Seq).FirstOrDefaultAsync(ct);
        if (seq is { } s) seqs.Add(("release_approval", s));
        var pinned = review.PinnedGateJson is null ? null : JsonNode.Parse(review.PinnedGateJson) as JsonObject;
        var names = await new HistoryNamesFor(db).ActorsAsync(new[] { review.DecidedBy }.OfType<string>().ToList(), ct);
        return (new JsonObject
        {
            ["review_id"] = review.Id,
            ["stage"] = WireName.Of(review.Stage),
            ["decision"] = review.Decision is { } d ? SnakeCase.FromEnum(d) : null,
            ["model_version"] = review.ModelVersionLabel,
            ["decided_by"] = review.DecidedBy,
            ["decided_by_name"] = review.DecidedBy is { } by ? names.GetValueOrDefault(by, by) : null,
            ["decided_at"] = review.DecidedAt is { } at ? LedgerHashing.FormatTime(at) : null,
            ["rationale"] = review.DecisionRationale,
            ["covered_by"] = coverage.AssessmentId is null ? "approved_version" : "no_material_change",
            ["assessment_id"] = coverage.AssessmentId,
            ["why"] = coverage.Why,
            ["gate_decision"] = pinned?["gate"]?["decision"]?.DeepClone(),
            ["unmet"] = pinned?["gate"]?["unmet"] is JsonArray unmet ? new JsonArray([.. unmet.Select(u => (JsonNode?)u?["requirement"]?.DeepClone())]) : new JsonArray(),
            ["evidence"] = pinned?["evidence"]?.DeepClone() ?? new JsonArray(),
            ["pinned_gate_sha256"] = review.PinnedGateSha256,
            ["pinned_gate_json"] = review.PinnedGateJson,
        }, null);
    }

    private async Task<(JsonObject? Review, JsonArray Reviews)> ReviewsAsync(DecisionRow row, List<(string, long)> seqs, CancellationToken ct)
    {
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.DecisionId == row.Id).OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(ct);
        var now = time.GetUtcNow();
        var names = await new HistoryNamesFor(db).ActorsAsync(items.SelectMany(i => new[] { i.ClaimedBy, i.ResolvedBy, i.AppealedBy }).OfType<string>().Distinct().ToList(), ct);
        var reviews = new JsonArray();
        JsonObject? latestResolved = null;
        JsonObject? latest = null;
        foreach (var i in items)
        {
            if (i.ResolvedSeq is { } resolved) seqs.Add(("review_resolved", resolved));
            if (i.OpenedSeq is { } opened) seqs.Add(("appeal", opened));
            var state = ReviewItemStates.Effective(i, now);
            var o = new JsonObject
            {
                ["item_id"] = i.Id,
                ["state"] = SnakeCase.FromEnum(state),
                ["reasons"] = JsonNode.Parse(i.ReasonsJson),
                ["priority"] = WireName.Of(i.Priority),
                ["created_at"] = LedgerHashing.FormatTime(i.CreatedAt),
                ["due_at"] = LedgerHashing.FormatTime(i.DueAt),
                ["claimed_by"] = i.ClaimedBy,
                ["outcome"] = i.Outcome is { } outcome ? SnakeCase.FromEnum(outcome) : null,
                ["final_output"] = i.FinalOutput is null ? null : i.FinalOutputIsNumber ? JsonNode.Parse(i.FinalOutput) : JsonValue.Create(i.FinalOutput),
                ["rationale"] = i.Rationale,
                ["resolved_by"] = i.ResolvedBy,
                ["resolved_by_name"] = i.ResolvedBy is { } r ? names.GetValueOrDefault(r, r) : null,
                ["resolved_at"] = i.ResolvedAt is { } at ? LedgerHashing.FormatTime(at) : null,
                ["within_sla"] = i.ResolvedAt is { } done ? done <= i.DueAt : null,
                ["appeal_reason"] = i.AppealReason,
                ["appealed_by"] = i.AppealedBy,
                ["previous_item"] = i.PreviousItemId,
            };
            reviews.Add(o);
            latest = o;
            if (i.ResolvedAt is not null) latestResolved = o;
        }
        return ((latestResolved ?? latest)?.DeepClone() as JsonObject, reviews);
    }
}
