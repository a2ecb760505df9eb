using System.Collections.Concurrent;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// What decision ingest needs to know about a system before it judges a request: its model versions (by id and by
/// name@version), its deployments, the oversight policy in force and the approval timeline. Read once from the database.
/// </summary>
internal sealed record IngestFacts(
    Dictionary<string, (string Id, string Label)> Versions,
    HashSet<string> Deployments,
    OversightPolicyVersion? PolicyRow,
    OversightPolicy? Policy,
    ApprovalTimeline Timeline)
{
    public static async Task<IngestFacts> LoadAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        var (versions, deployments) = await IngestLookups.ResolversAsync(db, systemId, ct);
        var policyRow = await OversightPolicies.InForceAsync(db, systemId, ct);
        var timeline = await ApprovalsInForce.TimelineAsync(db, systemId, ct);
        return new IngestFacts(versions, deployments, policyRow, policyRow is null ? null : OversightPolicies.Policy(policyRow), timeline);
    }
}

/// <summary>
/// The per-system facts of decision ingest (<see cref="IngestFacts"/>), kept per process so a single-decision ask or a batch
/// does not query them again: at a thousand asks a second they were most of an ask's database work.
/// <para>
/// The revision is the ledger. Every change to what the facts hold — a model version registered or assessed, a
/// deployment, a release approval decided or lapsed, an oversight policy proposed or approved — is a governed change,
/// and every governed change records ledger entries in its own transaction; appends are serialised (SQLite's write
/// lock, PostgreSQL's append lock held to commit), so an entry is visible only after every entry before it. Before it
/// answers, the cache reads the entries appended since the last one it saw (inside the ingest's transaction: on SQLite
/// nothing can commit in between; on PostgreSQL a change committed meanwhile is seen by the next ingest, exactly as when
/// the facts were queried at the start of each ingest) and forgets every remembered system when any of them is not an
/// oversight runtime entry (a decision batch, a queue claim or resolution, an appeal). So a change made on any instance
/// sharing the database is used by every instance at its next ingest — there is no delay to document. Usually the read
/// returns the single batch entry this instance appended last.
/// </para>
/// <para>An entry also lives at most <see cref="EntryLifetime"/> (a safety net, not the mechanism).</para>
/// </summary>
public sealed class IngestFactsCache(TimeProvider time)
{
    /// <summary>How long remembered facts are used at most before they are read again, even when the ledger says nothing changed.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromMinutes(5);

    // Ledger actions that change none of the facts: oversight at runtime. Any other entry forgets every system.
    private static readonly HashSet<string> RuntimeActions = new(StringComparer.Ordinal)
    {
        LedgerActions.DecisionBatchRecorded.Name,
        LedgerActions.ReviewItemClaimed.Name,
        LedgerActions.ReviewItemResolved.Name,
        LedgerActions.DecisionAppealed.Name,
    };

    private const long Unknown = -1;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _seenSeq = Unknown;
    private long _epoch;

    /// <summary>The ledger sequence number up to which this cache has looked (for tests and diagnostics).</summary>
    public long SeenSeq => Volatile.Read(ref _seenSeq);

    /// <summary>How many times remembered facts were forgotten because the ledger showed a change (for tests and diagnostics).</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>The facts of <paramref name="systemId"/> as committed; called inside the ingest's transaction.</summary>
    internal async Task<IngestFacts> GetAsync(AttestDbContext db, string systemId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(systemId);
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Ingest facts are read inside the transaction of the ingest that uses them.");
        // No append lock here: on PostgreSQL it would serialise whole ingests across instances (the rows' COPY included),
        // not only their ledger appends. The facts are as of this read, the moment the uncached ingest read them too.
        var epoch = await CatchUpAsync(db, ct);
        var now = time.GetUtcNow().UtcTicks;
        if (_entries.TryGetValue(systemId, out var entry) && entry.Epoch == epoch && now < entry.Until)
            return entry.Facts;
        var facts = await IngestFacts.LoadAsync(db, systemId, ct);
        lock (_lock)
        {
            if (_epoch == epoch)
                _entries[systemId] = new Entry(facts, epoch, now + EntryLifetime.Ticks);
        }
        return facts;
    }

    // Reads the ledger entries appended since the last one seen; any that may change the facts starts a new epoch.
    private async Task<long> CatchUpAsync(AttestDbContext db, CancellationToken ct)
    {
        var seen = Volatile.Read(ref _seenSeq);
        if (seen == Unknown)
        {
            var head = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => (long?)e.Seq).FirstOrDefaultAsync(ct) ?? 0;
            return Advance(head, changed: true);
        }
        var since = await db.Ledger.AsNoTracking().Where(e => e.Seq > seen).Select(e => new { e.Seq, e.Action }).ToListAsync(ct);
        if (since.Count == 0)
            return Volatile.Read(ref _epoch);
        return Advance(since.Max(e => e.Seq), since.Any(e => !RuntimeActions.Contains(e.Action)));
    }

    // Every scan starts at or before the current mark (the mark only grows), so the scans together cover the ledger up to
    // the larger of their ends.
    private long Advance(long to, bool changed)
    {
        lock (_lock)
        {
            if (changed)
            {
                _entries.Clear();
                _epoch++;
            }
            _seenSeq = Math.Max(_seenSeq, to);
            return _epoch;
        }
    }

    private sealed record Entry(IngestFacts Facts, long Epoch, long Until);
}
