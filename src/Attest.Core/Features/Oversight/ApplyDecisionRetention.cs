using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Deletes the decisions each system's oversight policy in force no longer keeps (<c>retention_days</c>, counted from when
/// a decision was recorded), a whole batch at a time, with their review items — never the batch rows, their Merkle roots
/// or the ledger: the ledger still verifies and exports, and a purged decision's trace says when and why it went. A batch
/// with a review still open (pending or claimed, not yet expired) waits until it is resolved or expires. Each change
/// purges up to <see cref="BatchesPerChange"/> batches of one system and is one <c>decisions.retention_applied</c> ledger
/// entry naming them. The same on SQLite and PostgreSQL (where <see cref="MaintainDecisionPartitions"/> then retires the
/// monthly partitions left empty).
/// </summary>
public sealed class ApplyDecisionRetention(AttestDbContext db, GovernedWrites writes, TimeProvider time)
{
    public const int BatchesPerChange = 200;

    public async Task<IReadOnlyList<SystemRetention>> ExecuteAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var inForce = await db.OversightPolicies.AsNoTracking().Where(p => p.Status == PolicyStatus.InForce).ToListAsync(ct);
        var results = new List<SystemRetention>();
        foreach (var row in inForce.GroupBy(p => p.SystemId).Select(g => g.MaxBy(p => p.Version)!).OrderBy(p => p.SystemId, StringComparer.Ordinal))
        {
            if (OversightPolicies.Policy(row).RetentionDays is not { } days) continue;
            var cutoff = now.AddDays(-days);
            var total = new SystemRetention(row.SystemId, days, cutoff, 0, 0, 0);
            while (true)
            {
                var step = await PurgeAsync(row, days, cutoff, ct);
                total = total with { Batches = total.Batches + step.Batches, Decisions = total.Decisions + step.Decisions, ReviewItems = total.ReviewItems + step.ReviewItems };
                db.ChangeTracker.Clear();
                if (step.Batches < BatchesPerChange) break;
            }
            if (total.Batches > 0) results.Add(total);
        }
        return results;
    }

    private async Task<SystemRetention> PurgeAsync(OversightPolicyVersion policy, int days, DateTimeOffset cutoff, CancellationToken ct)
    {
        var none = new SystemRetention(policy.SystemId, days, cutoff, 0, 0, 0);
        var outcome = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.DecisionsRetention, WriteTarget.System(policy.SystemId), async change =>
        {
            var now = change.Now;
            var systemId = policy.SystemId;
            var batches = await db.DecisionBatches.AsNoTracking()
                .Where(b => b.SystemId == systemId && b.PurgedAt == null && b.RecordedAt < cutoff)
                .Where(b => !db.Decisions.Any(d => d.BatchId == b.Id && d.QueueItemId != null
                    && db.ReviewItems.Any(i => i.DecisionId == d.Id && (i.State == ReviewItemState.Pending || i.State == ReviewItemState.Claimed) && i.ExpiresAt > now)))
                .OrderBy(b => b.RecordedAt).ThenBy(b => b.Id).Take(BatchesPerChange)
                .Select(b => new { b.Id, b.RecordedAt, b.Count, b.RootHash, b.LedgerSeq }).ToListAsync(ct);
            if (batches.Count == 0) return Result<SystemRetention>.Ok(none);

            var ids = batches.Select(b => b.Id).ToList();
            // Every decision of a batch carries the batch's recorded_at: bounding it lets PostgreSQL skip the newer partitions.
            var newest = batches.Max(b => b.RecordedAt);
            var decisions = db.Decisions.Where(d => d.SystemId == systemId && d.RecordedAt <= newest && EF.Parameter(ids).Contains(d.BatchId));
            var items = await db.ReviewItems.Where(i => i.SystemId == systemId && decisions.Select(d => d.Id).Contains(i.DecisionId)).ExecuteDeleteAsync(ct);
            var deleted = await decisions.ExecuteDeleteAsync(ct);

            await change.RecordAsync(LedgerActions.DecisionRetentionApplied, new JsonObject
            {
                ["system_id"] = systemId,
                ["policy_version"] = policy.Version,
                ["retention_days"] = days,
                ["cutoff"] = LedgerHashing.FormatTime(cutoff),
                ["batches"] = batches.Count,
                ["decisions"] = deleted,
                ["review_items"] = items,
                ["batch_ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]),
                ["note"] = "the batches' Merkle roots stay in decision_batches and on the ledger",
            }, ct);
            var seq = PendingLedger.LastSeq(db);
            await db.DecisionBatches.Where(b => EF.Parameter(ids).Contains(b.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.PurgedAt, now).SetProperty(b => b.PurgedSeq, seq), ct);
            return Result<SystemRetention>.Ok(none with { Batches = batches.Count, Decisions = deleted, ReviewItems = items });
        }, ct);
        return outcome.IsOk ? outcome.Value! : throw new InvalidOperationException($"Retention of system {policy.SystemId} failed: {outcome.Message}");
    }
}

/// <summary>What one retention run deleted for one system (decisions recorded before <paramref name="Cutoff"/>).</summary>
public sealed record SystemRetention(string SystemId, int RetentionDays, DateTimeOffset Cutoff, int Batches, int Decisions, int ReviewItems);
