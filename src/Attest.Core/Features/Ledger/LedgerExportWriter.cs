using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>What an export wrote.</summary>
/// <param name="AddedCheckpoint">The checkpoint the writer signed to cover the final entries, if it made one (store it).</param>
public sealed record LedgerExportSummary(long Entries, int Checkpoints, string RootHash, SignedCheckpoint? AddedCheckpoint);

/// <summary>Writes the ledger export format (<see cref="LedgerExportFormat"/>, docs/ledger.md) to a stream.</summary>
public static class LedgerExportWriter
{
    /// <param name="entries">Every ledger entry in seq order, from seq 1.</param>
    /// <param name="checkpoints">Stored signed checkpoints (any order; written by ascending tree_size and time).</param>
    /// <param name="finalCheckpointSigner">
    /// When given and no checkpoint covers the last entry, a fresh checkpoint over all entries is signed
    /// and written, so the whole export is vouched for by a signature.
    /// </param>
    public static async Task<LedgerExportSummary> WriteAsync(
        Stream output,
        IAsyncEnumerable<LedgerRecord> entries,
        IEnumerable<SignedCheckpoint> checkpoints,
        CheckpointSigner? finalCheckpointSigner = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        var tree = new MerkleTree();
        await foreach (var record in entries.WithCancellation(cancellationToken))
        {
            var line = LedgerExportFormat.EntryLine(record);
            await output.WriteAsync(line, cancellationToken);
            tree.AppendLeafHash(MerkleHashing.LeafHash(line.AsSpan(0, line.Length - 1)));
        }

        var ordered = LedgerExportFormat.Ordered(checkpoints).ToList();
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
