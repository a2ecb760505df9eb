using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// What decision ingest looks up before it judges a request: the system's model versions (by id and by name@version), its
/// deployments, and the decisions already logged under the request's external ids. Shared by the recording use case
/// (<see cref="IngestDecisions"/>) and the queued path's check (<see cref="QueueDecisions"/>), so both refuse alike.
/// </summary>
internal static class IngestLookups
{
    public static async Task<(Dictionary<string, (string Id, string Label)> Versions, HashSet<string> Deployments)> ResolversAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.SystemId == systemId).Select(v => new { v.Id, v.Name, v.Version }).ToListAsync(ct);
        var versionByRef = new Dictionary<string, (string Id, string Label)>(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            versionByRef[v.Id] = (v.Id, $"{v.Name}@{v.Version}");
            versionByRef[$"{v.Name}@{v.Version}"] = (v.Id, $"{v.Name}@{v.Version}");
        }
        var deployments = (await db.Deployments.AsNoTracking().Where(d => d.SystemId == systemId).Select(d => d.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return (versionByRef, deployments);
    }

    /// <summary>
    /// Serialises ingest of one system across instances until the transaction ends, so the look-up of external ids already
    /// logged and the insert of the new ones see no other writer in between. PostgreSQL's decision table is partitioned by
    /// time and cannot hold a unique index on (system, external id) across partitions (docs/operations.md, "Decision
    /// partitions"); this lock is what keeps an external id to one decision there. SQLite transactions hold the
    /// database's write lock already.
    /// </summary>
    public static async Task LockSystemAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres) return;
        // Two-key form (class, object): the class keeps these locks apart from the ledger's single-key append lock.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({IngestLockClass}, hashtext({systemId}))", ct);
    }

    private const int IngestLockClass = 0x41645431; // "AdT1"

    /// <summary>The decisions already logged for the requests' external ids: their body digest and their original answer.</summary>
    public static async Task<Dictionary<string, (string Body, DecisionResultDto Result)>> ExistingAsync(AttestDbContext db, string systemId, IReadOnlyList<DecisionBody> requests, CancellationToken ct)
    {
        var externalIds = requests.SelectMany(r => r.Decisions).Select(d => d.ExternalId).Distinct(StringComparer.Ordinal).ToList();
        var existing = new Dictionary<string, (string Body, DecisionResultDto Result)>(StringComparer.Ordinal);
        foreach (var chunk in externalIds.Chunk(5000))
        {
            // One parameter holding the list (json_each on SQLite, = ANY on PostgreSQL), not EF 10's default of one parameter
            // per id: SQLite binds parameters by name with a linear scan, so thousands of them cost a quadratic bind.
            var rows = await db.Decisions.AsNoTracking().Where(d => d.SystemId == systemId && EF.Parameter(chunk).Contains(d.ExternalId))
                .Select(d => new { d.Id, d.ExternalId, d.BodySha256, d.Route, d.ReasonsJson, d.PolicyVersion, d.QueueItemId, d.Ungoverned }).ToListAsync(ct);
            var itemIds = rows.Where(r => r.QueueItemId != null).Select(r => r.QueueItemId!).ToList();
            Dictionary<string, DateTimeOffset> due = itemIds.Count == 0 ? new(StringComparer.Ordinal) : await db.ReviewItems.AsNoTracking().Where(i => EF.Parameter(itemIds).Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.DueAt, ct);
            foreach (var r in rows)
            {
                existing[r.ExternalId] = (r.BodySha256, new DecisionResultDto(r.Id, r.ExternalId, r.Route, IngestDecisions.Reasons(r.ReasonsJson), r.PolicyVersion, r.QueueItemId,
                    r.QueueItemId is not null && due.TryGetValue(r.QueueItemId, out var d) ? d : null, Duplicate: true, r.Ungoverned));
            }
        }
        return existing;
    }
}
