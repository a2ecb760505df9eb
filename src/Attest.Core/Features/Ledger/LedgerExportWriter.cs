using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>What an export wrote.</summary>
/// <param name="AddedCheckpoint">The checkpoint the writer signed to cover the final entries, if it made one (store it).</param>
public sealed record LedgerExportSummary(long Entries, int Checkpoints, string RootHash, SignedCheckpoint? AddedCheckpoint);

/// <summary>Writes the ledger export format (<see cref="LedgerExportFormat"/>, docs/ledger.md) to a stream.</summary>
public static class LedgerExportWriter
{
    /// <param name="entries">Every ledger entry with its payload, in seq order, from seq 1.</param>
    /// <param name="checkpoints">Stored signed checkpoints (any order; written by ascending tree_size and time).</param>
    /// <param name="finalCheckpointSigner">
    /// When given and no checkpoint covers the last entry, a fresh checkpoint over all entries is signed
    /// and written, so the whole export is vouched for by a signature.
    /// </param>
    /// <exception cref="LedgerIntegrityException">
    /// An entry's hash, payload or chain link does not verify, or a stored checkpoint's root is not the
    /// root of the entries: nothing is signed (the bytes already written are an incomplete export).
    /// </exception>
    public static async Task<LedgerExportSummary> WriteAsync(
        Stream output,
        IAsyncEnumerable<LedgerExportEntry> entries,
        IEnumerable<SignedCheckpoint> checkpoints,
        CheckpointSigner? finalCheckpointSigner = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var tree = new MerkleTree();
        var previousHash = LedgerHashing.GenesisHash;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var record = entry.Record;
            var problem = record.Seq != tree.Size + 1 ? $"ledger entry seq {tree.Size + 1} is missing (found seq {record.Seq} next)"
                : record.PrevHash != previousHash ? $"ledger entry seq {record.Seq} does not chain to entry {record.Seq - 1} (prev_hash differs)"
                : LedgerHashing.ExpectedHash(record) != record.Hash ? $"ledger entry seq {record.Seq} was changed: its hash does not match its fields"
                : !entry.PayloadMatches() ? $"ledger entry seq {record.Seq} was changed: its payload does not match its payload_sha256"
                : LedgerEntryCheck.RecordedCheckpoint(record.Action, entry.PayloadJson) is { } recorded
                  && (recorded.TreeSize > tree.Size || Convert.ToHexStringLower(tree.RootHash(recorded.TreeSize)) != recorded.RootHash)
                    ? $"ledger entry seq {record.Seq} records a checkpoint over {recorded.TreeSize} entries with root {recorded.RootHash}, which the entries before it no longer have: the ledger was rewritten"
                : null;
            if (problem is not null) throw new LedgerIntegrityException(record.Seq, problem);
            await output.WriteAsync(LedgerExportFormat.EntryLine(entry), cancellationToken);
            tree.AppendLedgerRecord(record);
            previousHash = record.Hash;
        }

        var ordered = LedgerExportFormat.Ordered(checkpoints).ToList();
        foreach (var stored in ordered)
        {
            var c = stored.Checkpoint;
            if (c.TreeSize > tree.Size || Convert.ToHexStringLower(tree.RootHash(c.TreeSize)) != c.RootHash)
                throw new LedgerIntegrityException(Math.Min(c.TreeSize, tree.Size),
                    $"the stored checkpoint over {c.TreeSize} entries has root {c.RootHash}, which the ledger's entries no longer give: the ledger was rewritten after it was signed");
        }
        SignedCheckpoint? added = null;
        if (finalCheckpointSigner is not null && (ordered.Count == 0 || ordered[^1].Checkpoint.TreeSize < tree.Size))
        {
            added = finalCheckpointSigner.Sign(tree);
            ordered.Add(added);
        }
        foreach (var checkpoint in ordered)
            await output.WriteAsync(LedgerExportFormat.CheckpointLine(checkpoint), cancellationToken);
        await output.WriteAsync(LedgerExportFormat.EndLine(tree.Size, ordered.Count), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return new LedgerExportSummary(tree.Size, ordered.Count, Convert.ToHexStringLower(tree.RootHash()), added);
    }
}
