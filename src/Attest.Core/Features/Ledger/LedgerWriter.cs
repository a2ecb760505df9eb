using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>One entry to append: its action, subject and payload (the actor and time are the change's).</summary>
public sealed record LedgerAppend(string Action, string Subject, JsonNode Payload);

/// <summary>
/// Appends ledger entries. Called explicitly by every use case that changes state, inside the same
/// transaction as the change, so a change and its entry are committed together or not at all.
/// </summary>
public static class LedgerWriter
{
    // Serialises appends across server instances sharing one PostgreSQL database (SQLite
    // transactions are already exclusive: Microsoft.Data.Sqlite begins them IMMEDIATE).
    private const long PostgresAppendLockKey = 0x41_54_54_45_53_54; // "ATTEST"

    public static async Task<LedgerEntry> AppendAsync(
        AttestDbContext db, TimeProvider time, Actor actor, string action, string subject, JsonNode payload, CancellationToken ct)
    {
        var entry = (await ChainAsync(db, time, actor, [new LedgerAppend(action, subject, payload)], ct))[0];
        db.Ledger.Add(entry);
        Tails.AddOrUpdate(db, entry);
        return entry;
    }

    /// <summary>
    /// Appends many entries at once, in order, for one change that records many things (an import): the tail is read
    /// once, the entries are chained in memory — the same chain, hash for hash, that appending them one by one would
    /// make — and inserted as one batch (<see cref="BulkInsert"/>), in the transaction, right away.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerEntry>> AppendAllAsync(
        AttestDbContext db, TimeProvider time, Actor actor, IReadOnlyList<LedgerAppend> appends, CancellationToken ct)
    {
        var entries = await ChainAsync(db, time, actor, appends, ct);
        if (entries.Count == 0)
            return entries;
        await BulkInsert.InsertAsync(db, entries, ct);
        // The batch is in the database (not pending): the next append reads its tail from there.
        Tails.Remove(db);
        return entries;
    }

    private static async Task<IReadOnlyList<LedgerEntry>> ChainAsync(
        AttestDbContext db, TimeProvider time, Actor actor, IReadOnlyList<LedgerAppend> appends, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(appends);
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("A ledger entry must be appended inside the transaction of the change it records.");
        if (appends.Count == 0)
            return [];

        // The entry appended last in this unit of work, if it is still pending. Remembered rather than searched
        // for among the tracked entities: a change that appends thousands of entries one by one stays linear.
        var pending = Tails.TryGetValue(db, out var tail) && db.Entry(tail).State == EntityState.Added ? tail : null;
        long lastSeq;
        string lastHash;
        if (pending is not null)
        {
            (lastSeq, lastHash) = (pending.Seq, pending.Hash);
        }
        else
        {
            await LockForAppendAsync(db, ct);
            var last = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(ct);
            (lastSeq, lastHash) = last is null ? (0L, LedgerHashing.GenesisHash) : (last.Seq, last.Hash);
        }

        // Millisecond precision survives every provider's timestamp type, so a re-read entry re-hashes identically.
        var now = time.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        var entries = new List<LedgerEntry>(appends.Count);
        foreach (var (action, subject, payload) in appends)
        {
            ArgumentNullException.ThrowIfNull(payload);
            // The stored payload is exactly the bytes its digest covers (readers and exports re-check that).
            var payloadJson = CanonicalJson.ToCanonicalString(payload);
            var record = LedgerHashing.Seal(lastSeq + 1, now, actor.Id, action, subject, LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(payloadJson)), lastHash);
            entries.Add(new LedgerEntry
            {
                Seq = record.Seq,
                Time = record.Time,
                Actor = record.Actor,
                Action = record.Action,
                Subject = record.Subject,
                PayloadSha256 = record.PayloadSha256,
                PayloadJson = payloadJson,
                PrevHash = record.PrevHash,
                Hash = record.Hash,
            });
            (lastSeq, lastHash) = (record.Seq, record.Hash);
        }
        return entries;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AttestDbContext, LedgerEntry> Tails = [];

    /// <summary>
    /// Takes the ledger's append lock for the rest of the transaction, for a change that must read the
    /// ledger and append to it without another writer in between (a checkpoint over "all entries").
    /// SQLite transactions hold the database's write lock already.
    /// </summary>
    public static async Task LockForAppendAsync(AttestDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("The ledger's append lock is taken inside a transaction.");
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({PostgresAppendLockKey})", ct);
    }

    public static LedgerRecord ToRecord(this LedgerEntry e) =>
        new(e.Seq, e.Time, e.Actor, e.Action, e.Subject, e.PayloadSha256, e.PrevHash, e.Hash);
}
