using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary>What goes into a pack, already gathered by the caller.</summary>
/// <param name="Files">Content files (system card, classification, controls, evidence, decisions…) at relative paths.</param>
/// <param name="Entries">The ledger entries the pack concerns; each must be within the checkpoint's tree.</param>
/// <param name="Checkpoint">The signed checkpoint the entries are proven against (normally the latest).</param>
public sealed record AssurancePackContent(IReadOnlyList<PackFile> Files, IReadOnlyList<LedgerExportEntry> Entries, SignedCheckpoint Checkpoint);

/// <summary>
/// Writes an assurance pack (<see cref="AssurancePackFormat"/>): the content files, the entries with
/// inclusion proofs against the checkpoint, the checkpoint and its public key, and a manifest of
/// every file's SHA-256 signed with the key ring's active key. Deterministic for the same input.
/// </summary>
public static class AssurancePackWriter
{
    /// <param name="ledger">The Merkle tree of the whole ledger, holding at least the checkpoint's tree_size entries.</param>
    public static async Task WriteAsync(Stream output, AssurancePackContent content, MerkleTree ledger, LedgerKeyRing keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var bytes = CanonicalZip.ToBytes(Build(content, ledger, keys));
        await output.WriteAsync(bytes, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The pack's files in archive order: manifest, its signature, then every other file by path.</summary>
    public static IReadOnlyList<PackFile> Build(AssurancePackContent content, MerkleTree ledger, LedgerKeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(keys);
        var checkpoint = content.Checkpoint.Checkpoint;
        if (checkpoint.TreeSize > ledger.Size || Convert.ToHexStringLower(ledger.RootHash(checkpoint.TreeSize)) != checkpoint.RootHash)
            throw new InvalidOperationException($"The ledger tree does not have the checkpoint's root at tree_size {checkpoint.TreeSize}.");

        var files = new List<PackFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in content.Files)
        {
            if (AssurancePackFormat.PathProblem(file.Path) is { } why) throw new ArgumentException(why, nameof(content));
            if (AssurancePackFormat.ReservedPaths.Contains(file.Path)) throw new ArgumentException($"Pack path '{file.Path}' is reserved for the pack itself.", nameof(content));
            if (!seen.Add(file.Path)) throw new ArgumentException($"Pack path '{file.Path}' is given twice.", nameof(content));
            files.Add(file);
        }

        var entries = content.Entries.OrderBy(e => e.Record.Seq).ToList();
        var entryLines = new MemoryStream();
        var proofs = new List<(long, long, IReadOnlyList<byte[]>)>();
        foreach (var export in entries)
        {
            var entry = export.Record;
            if (entry.Seq < 1 || entry.Seq > checkpoint.TreeSize)
                throw new ArgumentException($"Ledger entry seq {entry.Seq} is not covered by the checkpoint (tree_size {checkpoint.TreeSize}).", nameof(content));
            if (!ledger.LeafHash(entry.Seq - 1).SequenceEqual(MerkleHashing.LedgerLeafHash(entry)))
                throw new LedgerIntegrityException(entry.Seq, $"ledger entry seq {entry.Seq} is not the entry the signed ledger tree holds at that position: the row was changed after it was recorded");
            if (LedgerHashing.ExpectedHash(entry) != entry.Hash || !export.PayloadMatches())
                throw new LedgerIntegrityException(entry.Seq, $"ledger entry seq {entry.Seq} was changed: its hash or payload does not match");
            entryLines.Write(LedgerExportFormat.EntryLine(export));
            proofs.Add((entry.Seq, entry.Seq - 1, ledger.InclusionProof(entry.Seq - 1, checkpoint.TreeSize)));
        }
        files.Add(new PackFile(AssurancePackFormat.EntriesPath, entryLines.ToArray()));
        files.Add(new PackFile(AssurancePackFormat.ProofsPath, AssurancePackFormat.Proofs(checkpoint.TreeSize, proofs)));
        files.Add(new PackFile(AssurancePackFormat.CheckpointPath, LedgerExportFormat.CheckpointLine(content.Checkpoint)));
        files.Add(new PackFile(AssurancePackFormat.PublicKeyPath,
            System.Text.Encoding.UTF8.GetBytes(Ed25519Pem.Format(Convert.FromBase64String(content.Checkpoint.PublicKey)))));
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        var manifest = AssurancePackFormat.Manifest(files);
        var (keyId, signature) = keys.SignWithActiveKey(manifest);
        var signatureFile = AssurancePackFormat.ManifestSignature(keyId, keys.Find(keyId)!.PublicKey, Convert.ToBase64String(signature));
        return [new PackFile(AssurancePackFormat.ManifestPath, manifest), new PackFile(AssurancePackFormat.ManifestSignaturePath, signatureFile), .. files];
    }
}
