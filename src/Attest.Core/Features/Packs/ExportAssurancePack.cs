using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Packs;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Packs;

public sealed record PackExportSummary(string SystemSlug, IReadOnlyList<string> Files, int LedgerEntries, CheckpointDto Checkpoint);

/// <summary>
/// An assurance pack for one system (docs/ledger.md §6): the content of every <see cref="IPackSection"/>,
/// the ledger entries whose subject is the system with inclusion proofs against a signed checkpoint
/// covering them (signed now when the latest does not), that checkpoint and its public key, and a signed manifest.
/// </summary>
public sealed class ExportAssurancePack(AttestDbContext db, GetSystem getSystem, CreateCheckpoint checkpoints, LedgerKeys keys, LedgerTree tree, IEnumerable<IPackSection> sections, LedgerIntegrityMonitor monitor)
{
    public async Task<Result<PackExportSummary>> ExecuteAsync(string systemIdOrSlug, Stream output, CancellationToken ct)
    {
        try
        {
            return await ExportAsync(systemIdOrSlug, output, ct);
        }
        catch (LedgerIntegrityException e)
        {
            monitor.Report(e);
            return CreateCheckpoint.Refused<PackExportSummary>(e.Message);
        }
    }

    private async Task<Result<PackExportSummary>> ExportAsync(string systemIdOrSlug, Stream output, CancellationToken ct)
    {
        var found = await getSystem.ExecuteAsync(systemIdOrSlug, ct);
        if (!found.IsOk) return found.As<PackExportSummary>();
        var system = found.Value!;

        var files = new List<PackFile>();
        foreach (var section in sections.OrderBy(s => s.Order).ThenBy(s => s.GetType().Name, StringComparer.Ordinal))
            files.AddRange(await section.FilesAsync(system, ct));
        files.Add(PackIndex.Render(system, files.Select(f => f.Path)));

        // Signed after the content was read, so every ledger entry a governance record names is covered, even when a
        // change lands meanwhile. The covering checkpoint is Attest's own when it must be signed now: exporting a pack
        // needs no right to sign.
        var covering = await checkpoints.ExecuteAsync(CallerIdentity.Attest, ct);
        if (!covering.IsOk) return covering.As<PackExportSummary>();
        var checkpoint = covering.Value!.Signed;
        var size = checkpoint.Checkpoint.TreeSize;

        var subject = $"system:{system.Id}";
        var rows = await db.Ledger.AsNoTracking().Where(e => e.Subject == subject && e.Seq <= size).OrderBy(e => e.Seq).ToListAsync(ct);
        var entries = rows.Select(e => e.ToExportEntry()).ToList();
        var ring = keys.Ring;
        var packFiles = await tree.UseAsync(db, t => AssurancePackWriter.Build(new AssurancePackContent(files, entries, checkpoint), t, ring), ct);
        var bytes = CanonicalZip.ToBytes(packFiles);
        await output.WriteAsync(bytes, ct);
        await output.FlushAsync(ct);
        return Result<PackExportSummary>.Ok(new PackExportSummary(system.Slug, files.Select(f => f.Path).ToList(), entries.Count, CheckpointDto.From(checkpoint)));
    }
}
