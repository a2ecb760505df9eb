using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Writes the whole ledger in the export format (docs/ledger.md §4): every entry with its payload,
/// every stored checkpoint, and — when none covers the last entry — a newly signed checkpoint, which
/// is stored, recorded as <c>ledger.checkpoint_signed</c> like any other (signed by Attest itself: reading the
/// ledger needs no right to sign) and pushed to the witnesses.
/// Every row is re-verified on the way out; over an altered ledger nothing is signed (Conflict, and
/// the integrity alarm is raised).
/// </summary>
public sealed class ExportLedger(AttestDbContext db, GovernedWrites writes, TimeProvider time, LedgerKeys keys, CreateCheckpoint checkpoints, LedgerIntegrityMonitor monitor, CheckpointWitnesses witnesses)
{
    public async Task<Result<LedgerExportSummary>> ExecuteAsync(Stream output, CancellationToken ct)
    {
        if (monitor.Alarm is { } alarm) return CreateCheckpoint.Refused<LedgerExportSummary>(alarm.Problem);
        var ring = keys.Ring;
        // Records the signing key in the ledger first (ledger.key_created) when this is its first use.
        await checkpoints.RecordKeyAsync(ring, ct);
        Result<LedgerExportSummary> result;
        try
        {
            result = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.LedgerCheckpoint, WriteTarget.Installation, async change =>
            {
                // Nobody appends while the file is written, so the signed root is the root of what it holds.
                await LedgerWriter.LockForAppendAsync(db, ct);
                var stored = await db.LedgerCheckpoints.AsNoTracking().ToListAsync(ct);
                var publicKeys = await LedgerPublicKeys.ForAsync(db, ring, stored.Select(r => r.KeyId), ct);
                var entries = db.Ledger.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable()
                    .Select(e => new LedgerExportEntry(e.ToRecord(), e.PayloadJson));
                var summary = await LedgerExportWriter.WriteAsync(output, entries, stored.Select(r => r.ToSigned(publicKeys)),
                    new CheckpointSigner(ring, new LedgerClock(time)), ct);
                if (summary.AddedCheckpoint is { } added) await CreateCheckpoint.StoreAsync(db, change, added, ct);
                return Result<LedgerExportSummary>.Ok(summary);
            }, ct);
        }
        catch (LedgerIntegrityException e)
        {
            monitor.Report(e);
            return CreateCheckpoint.Refused<LedgerExportSummary>(e.Message);
        }
        if (result is { IsOk: true, Value.AddedCheckpoint: { } signed })
            await witnesses.PublishAsync(signed, await CreateCheckpoint.OriginAsync(db, ct), ct);
        return result;
    }
}
