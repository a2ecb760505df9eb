using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Records decisions of one system, sent by one caller, in one governed change: resolves model versions and deployments,
/// answers duplicates with the original result (the same external id with another body is a conflict), marks decisions of a
/// model version without an approval in force at <c>occurred_at</c> as ungoverned (and records them all the same), routes
/// each by the policy in force (none: human review), opens review items, and seals the new decisions in an RFC 6962 Merkle
/// tree whose root is one ledger entry (<c>decisions.batch_recorded</c>). Several requests may share the change (group
/// commit); each gets its own answer, and one request's refusal never writes any of its decisions.
/// </summary>
public sealed class IngestDecisions(AttestDbContext db, GovernedWrites writes, IdGenerator ids, OversightSettings settings, IngestFactsCache facts)
{
    public async Task<IReadOnlyList<Result<IngestResponse>>> ExecuteAsync(CallerIdentity caller, IReadOnlyList<DecisionBody> requests, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0) return [];
        var system = requests[0].System;
        if (requests.Any(r => r.System != system))
            throw new ArgumentException("One change records the decisions of one system.", nameof(requests));

        var outcome = await writes.ChangeAsync(caller, Permissions.DecisionsIngest, WriteTarget.System(system), async change =>
            Result<IReadOnlyList<Result<IngestResponse>>>.Ok(await RecordAsync(change, requests, ct)), ct);
        return outcome.IsOk ? outcome.Value! : requests.Select(_ => outcome.As<IngestResponse>()).ToList();
    }

    private async Task<IReadOnlyList<Result<IngestResponse>>> RecordAsync(GovernedChange change, IReadOnlyList<DecisionBody> requests, CancellationToken ct)
    {
        var system = change.System;
        await IngestLookups.LockSystemAsync(db, system.Id, ct);
        // Model versions, deployments, the policy in force and the approval timeline: remembered per process until the
        // ledger shows a change (IngestFactsCache), so an ask does not query them again.
        var (versionByRef, deployments, policyRow, policy, timeline) = await facts.GetAsync(db, system.Id, ct);
        var existing = await IngestLookups.ExistingAsync(db, system.Id, requests, ct);

        var now = change.Now;
        var recordedAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
        var batchId = ids.New("dcb");
        var rowsToWrite = new List<DecisionRow>();
        var items = new List<ReviewItem>();
        var answers = new List<Result<IngestResponse>>(requests.Count);
        var reasonsJsonCache = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            var refusal = Refusal(request, versionByRef, deployments, existing, system.Slug);
            if (refusal is not null)
            {
                answers.Add(refusal);
                continue;
            }
            var results = new List<DecisionResultDto>(request.Decisions.Count);
            var accepted = 0;
            foreach (var d in request.Decisions)
            {
                if (existing.TryGetValue(d.ExternalId, out var before))
                {
                    results.Add(before.Result with { Duplicate = true });
                    continue;
                }
                var (versionId, label) = versionByRef[d.ModelVersion];
                var ungoverned = !timeline.CoverageAt(versionId, label, d.OccurredAt).Covered;
                var routing = OversightRouter.Route(policy, new DecisionFacts(d.Output.Text, d.Confidence, d.Factors, d.Features, d.InputDigest, ungoverned));
                var id = ids.New("dec");
                string? itemId = null;
                DateTimeOffset? dueAt = null;
                var reasonsJson = ReasonsJson(routing.Reasons, reasonsJsonCache);
                if (routing.Route == DecisionRoute.HumanReview)
                {
                    itemId = ids.New("rvi");
                    dueAt = recordedAt + routing.Sla!.Value;
                    items.Add(new ReviewItem
                    {
                        Id = itemId,
                        DecisionId = id,
                        SystemId = system.Id,
                        State = ReviewItemState.Pending,
                        ReasonsJson = reasonsJson,
                        Priority = routing.Priority ?? ReviewPriority.Normal,
                        CreatedAt = recordedAt,
                        DueAt = dueAt.Value,
                        ExpiresAt = recordedAt + settings.ExpireAfter,
                        DecisionOccurredAt = d.OccurredAt,
                        Version = 1,
                    });
                }
                var record = new DecisionRecord
                {
                    Id = id,
                    SystemId = system.Id,
                    ModelVersionId = versionId,
                    ModelVersion = label,
                    DeploymentId = d.Deployment,
                    ExternalId = d.ExternalId,
                    OccurredAt = d.OccurredAt,
                    RecordedAt = recordedAt,
                    InputDigest = d.InputDigest,
                    Output = d.Output,
                    Confidence = d.Confidence,
                    Factors = d.Factors,
                    Features = d.Features,
                    AttributesSha256 = d.AttributesSha256,
                    Ungoverned = ungoverned,
                    Route = routing.Route,
                    Reasons = routing.Reasons,
                    PolicyVersion = policyRow?.Version,
                    PolicySha256 = policyRow?.Sha256,
                };
                rowsToWrite.Add(new DecisionRow
                {
                    Id = id,
                    SystemId = system.Id,
                    ModelVersionId = versionId,
                    ModelVersionLabel = label,
                    DeploymentId = d.Deployment,
                    ExternalId = d.ExternalId,
                    OccurredAt = d.OccurredAt,
                    RecordedAt = recordedAt,
                    InputDigest = d.InputDigest,
                    InputJson = policy?.StoreInputs == true ? d.InputJson : null,
                    Output = d.Output.Text,
                    OutputIsNumber = d.Output.IsNumber,
                    Confidence = d.Confidence,
                    FactorsJson = d.FactorsJson,
                    FeaturesJson = d.FeaturesJson,
                    AttributesJson = d.AttributesJson,
                    AttributesSha256 = d.AttributesSha256,
                    Ungoverned = ungoverned,
                    Route = routing.Route,
                    ReasonsJson = reasonsJson,
                    PolicyVersion = policyRow?.Version,
                    PolicySha256 = policyRow?.Sha256,
                    QueueItemId = itemId,
                    BodySha256 = d.BodySha256,
                    BatchId = batchId,
                    BatchIndex = rowsToWrite.Count,
                    LeafHash = record.LeafHash(),
                    RecordedBy = change.Actor.Id,
                });
                var result = new DecisionResultDto(id, d.ExternalId, routing.Route, routing.Reasons, policyRow?.Version, itemId, dueAt, Duplicate: false, ungoverned);
                existing[d.ExternalId] = (d.BodySha256, result);
                results.Add(result);
                accepted++;
            }
            answers.Add(Result<IngestResponse>.Ok(new IngestResponse(request.IsBatch, new DecisionBatchResultDto(accepted, results.Count - accepted, results))));
        }
        if (rowsToWrite.Count == 0) return answers;

        var tree = new MerkleTree();
        foreach (var row in rowsToWrite) tree.AppendLeafHash(row.LeafHash);
        var root = Convert.ToHexStringLower(tree.RootHash());
        await DecisionRowWriter.WriteAsync(db, rowsToWrite, ct);
        await DecisionRowWriter.WriteReviewItemsAsync(db, items, ct);
        await change.RecordAsync(LedgerActions.DecisionBatchRecorded, new JsonObject
        {
            ["batch_id"] = batchId,
            ["system_id"] = system.Id,
            ["count"] = rowsToWrite.Count,
            ["first_decision_id"] = rowsToWrite[0].Id,
            ["last_decision_id"] = rowsToWrite[^1].Id,
            ["root_hash"] = root,
            ["tree"] = "rfc6962-sha256",
            ["leaf_format"] = DecisionRecord.Format,
            ["human_review"] = items.Count,
            ["ungoverned"] = rowsToWrite.Count(r => r.Ungoverned),
            ["policy_version"] = policyRow?.Version,
        }, ct);
        db.DecisionBatches.Add(new DecisionBatch
        {
            Id = batchId,
            SystemId = system.Id,
            Count = rowsToWrite.Count,
            FirstDecisionId = rowsToWrite[0].Id,
            LastDecisionId = rowsToWrite[^1].Id,
            RootHash = root,
            LedgerSeq = PendingLedger.LastSeq(db),
            RecordedAt = recordedAt,
            RecordedBy = change.Actor.Id,
        });
        return answers;
    }

    // A request is refused whole: an unknown model version or deployment (404), or an external id already logged with
    // another body (409). Nothing of it is written. The queued path (QueueDecisions) asks the same before it accepts.
    internal static Result<IngestResponse>? Refusal(DecisionBody request, Dictionary<string, (string Id, string Label)> versions, HashSet<string> deployments,
        Dictionary<string, (string Body, DecisionResultDto Result)> existing, string systemSlug)
    {
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in request.Decisions)
        {
            if (!versions.ContainsKey(d.ModelVersion))
                return Result<IngestResponse>.NotFound($"{d.Field}model_version: no model version '{d.ModelVersion}' of AI system '{systemSlug}' (give its id or name@version).");
            if (d.Deployment is not null && !deployments.Contains(d.Deployment))
                return Result<IngestResponse>.NotFound($"{d.Field}deployment: no deployment '{d.Deployment}' of AI system '{systemSlug}'.");
            var body = existing.TryGetValue(d.ExternalId, out var before) ? before.Body : bodies.GetValueOrDefault(d.ExternalId);
            if (body is not null && body != d.BodySha256)
                return Result<IngestResponse>.Conflict(
                    $"{d.Field}external_id: '{d.ExternalId}' was already logged for '{systemSlug}' with a different body; an external id names one decision.",
                    new Dictionary<string, string[]> { [d.Field + "external_id"] = [$"'{d.ExternalId}' was already logged with a different body"] });
            bodies[d.ExternalId] = d.BodySha256;
        }
        return null;
    }

    // A policy fires a handful of reason combinations: each is serialised once per change, not twice per decision.
    private static string ReasonsJson(IReadOnlyList<string> reasons, Dictionary<string, string> cache)
    {
        var key = string.Join('\n', reasons);
        if (!cache.TryGetValue(key, out var json))
            cache[key] = json = JsonSerializer.Serialize(reasons);
        return json;
    }

    internal static IReadOnlyList<string> Reasons(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
