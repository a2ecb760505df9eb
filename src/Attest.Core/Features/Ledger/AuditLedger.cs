using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>The outcome of a full audit of the stored ledger.</summary>
/// <param name="Problem">The first altered, missing or rewritten entry; null when the whole ledger re-verified.</param>
public sealed record LedgerAuditResult(long Entries, int Checkpoints, string? Problem);

/// <summary>
/// Re-verifies the whole stored ledger: every entry's hash and payload digest, the chain, every
/// checkpoint the chain records and every stored checkpoint row against the Merkle tree of the
/// entries. The server runs it at start and on a schedule (rows edited long after they were written
/// are found too), and raises the integrity alarm on the first problem.
/// </summary>
public sealed class AuditLedger(AttestDbContext db, LedgerIntegrityMonitor monitor)
{
    public async Task<LedgerAuditResult> ExecuteAsync(CancellationToken ct)
    {
        var tree = new MerkleTree();
        var previousHash = LedgerHashing.GenesisHash;
        await foreach (var entry in db.Ledger.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            var problem = entry.Seq != tree.Size + 1
                ? $"ledger entry seq {tree.Size + 1} is missing from the database (found seq {entry.Seq} next)"
                : entry.PrevHash != previousHash
                    ? $"ledger entry seq {entry.Seq} does not chain to entry {entry.Seq - 1} (prev_hash differs): an entry was replaced or removed in the database"
                    : LedgerEntryCheck.Problem(entry);
            if (problem is null && LedgerEntryCheck.RecordedCheckpoint(entry) is { } recorded
                && (recorded.TreeSize > tree.Size || Convert.ToHexStringLower(tree.RootHash(recorded.TreeSize)) != recorded.RootHash))
                problem = $"ledger entry seq {entry.Seq} records a checkpoint over {recorded.TreeSize} entries with root {recorded.RootHash}, which the entries before it no longer have: the ledger was rewritten";
            if (problem is not null) return Fail(entry.Seq, tree.Size, 0, problem);
            tree.AppendLedgerRecord(entry.ToRecord());
            previousHash = entry.Hash;
        }
        var rows = await db.LedgerCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync(ct);
        foreach (var row in rows)
        {
            if (row.TreeSize > tree.Size || Convert.ToHexStringLower(tree.RootHash(row.TreeSize)) != row.RootHash)
                return Fail(Math.Min(row.TreeSize, tree.Size), tree.Size, rows.Count,
                    $"the stored checkpoint over {row.TreeSize} entries has root {row.RootHash}, which the ledger's entries do not give: the ledger was rewritten or cut after it was signed");
        }
        return new LedgerAuditResult(tree.Size, rows.Count, null);
    }

    private LedgerAuditResult Fail(long seq, long entries, int checkpoints, string problem)
    {
        monitor.Report(seq, problem);
        return new LedgerAuditResult(entries, checkpoints, problem);
    }
}
