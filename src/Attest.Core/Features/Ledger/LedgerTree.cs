using Attest.Core.Data;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// The Merkle tree of the committed ledger, kept in memory by one singleton and extended with the
/// entries committed since it was last used — so a checkpoint, a proof or a pack costs the new
/// entries, not the whole ledger (about 64 bytes per entry stay in memory). Every entry is checked
/// on the way in: its hash must match its fields, its payload its digest, it must chain to the
/// previous one, and a checkpoint it records must have the root the tree has at that size — so a
/// checkpoint is never signed over rows someone edited in the database.
/// </summary>
public sealed class LedgerTree(LedgerIntegrityMonitor monitor)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MerkleTree _tree = new();
    private string _lastHash = LedgerHashing.GenesisHash;

    /// <summary>
    /// Brings the tree up to the ledger committed in <paramref name="db"/> and runs <paramref name="use"/>
    /// on it, under a lock: <paramref name="use"/> must not keep the tree. Call it before appending
    /// in the same transaction, never after (the tree must only hold committed entries).
    /// </summary>
    /// <exception cref="LedgerIntegrityException">An entry in the database was changed, removed or reordered (the alarm is raised too).</exception>
    public async Task<T> UseAsync<T>(AttestDbContext db, Func<MerkleTree, T> use, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(use);
        await _gate.WaitAsync(ct);
        try
        {
            await CatchUpAsync(db, ct);
            return use(_tree);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CatchUpAsync(AttestDbContext db, CancellationToken ct)
    {
        if (_tree.Size > 0)
        {
            // Another database behind the same process (a restore, a test): start again.
            var size = _tree.Size;
            var stored = await db.Ledger.AsNoTracking().Where(e => e.Seq == size).Select(e => e.Hash).FirstOrDefaultAsync(ct);
            if (stored != _lastHash)
            {
                _tree = new MerkleTree();
                _lastHash = LedgerHashing.GenesisHash;
            }
        }
        var from = _tree.Size;
        await foreach (var entry in db.Ledger.AsNoTracking().Where(e => e.Seq > from).OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            var problem = entry.Seq != _tree.Size + 1
                ? $"ledger entry seq {_tree.Size + 1} is missing from the database (found seq {entry.Seq} next)"
                : entry.PrevHash != _lastHash
                    ? $"ledger entry seq {entry.Seq} in the database does not chain to entry {entry.Seq - 1} (prev_hash differs)"
                    : LedgerEntryCheck.Problem(entry);
            if (problem is null && LedgerEntryCheck.RecordedCheckpoint(entry) is { } recorded
                && (recorded.TreeSize > _tree.Size || Convert.ToHexStringLower(_tree.RootHash(recorded.TreeSize)) != recorded.RootHash))
                problem = $"ledger entry seq {entry.Seq} records a checkpoint over {recorded.TreeSize} entries with root {recorded.RootHash}, which the entries before it no longer have: the ledger was rewritten";
            if (problem is not null)
            {
                var failure = new LedgerIntegrityException(entry.Seq, problem);
                monitor.Report(failure);
                throw failure;
            }
            _tree.AppendLedgerRecord(entry.ToRecord());
            _lastHash = entry.Hash;
        }
    }
}
