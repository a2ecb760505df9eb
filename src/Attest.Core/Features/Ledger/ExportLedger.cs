using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Writes the whole ledger in the export format (docs/ledger.md §4): every entry, every stored
/// checkpoint, and — when none covers the last entry — a newly signed checkpoint, which is stored and
/// recorded as <c>ledger.checkpoint_signed</c> like any other (signed by Attest itself: reading the ledger needs no
/// right to sign).
/// </summary>
public sealed class ExportLedger(AttestDbContext db, GovernedWrites writes, TimeProvider time, LedgerKeys keys, CreateCheckpoint checkpoints)
{
    public async Task<Result<LedgerExportSummary>> ExecuteAsync(Stream output, CancellationToken ct)
    {
        var ring = keys.Ring;
        // Records the signing key in the ledger first (ledger.key_created) when this is its first use.
        await checkpoints.RecordKeyAsync(ring, ct);
        return await writes.ChangeAsync(CallerIdentity.Attest, Permissions.LedgerCheckpoint, WriteTarget.Installation, async change =>
        {
            // Nobody appends while the file is written, so the signed root is the root of what it holds.
            await LedgerWriter.LockForAppendAsync(db, ct);
            var stored = await db.LedgerCheckpoints.AsNoTracking().ToListAsync(ct);
            var entries = db.Ledger.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().Select(e => e.ToRecord());
            var summary = await LedgerExportWriter.WriteAsync(output, entries, stored.Select(r => r.ToSigned(ring)),
                new CheckpointSigner(ring, new LedgerClock(time)), ct);
            if (summary.AddedCheckpoint is { } added) await CreateCheckpoint.StoreAsync(db, change, added, ct);
            return Result<LedgerExportSummary>.Ok(summary);
        }, ct);
    }
}
