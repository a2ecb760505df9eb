using System.IO.Compression;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary>Offline verification of an assurance pack zip (see <see cref="AssurancePackVerifier"/>).</summary>
public static class AssurancePackVerification
{
    /// <param name="trustedKeys">
    /// Keys the auditor obtained independently. Without any, the pack does not verify: the keys embedded
    /// in it prove only that it is consistent, not who made it (<paramref name="trustFileKeys"/> accepts them explicitly).
    /// </param>
    /// <param name="witnessed">Checkpoints witnessed outside the pack: one at the pack's tree size must have the pack's root.</param>
    public static PackVerificationResult Verify(Stream input, IReadOnlyCollection<byte[]>? trustedKeys, IReadOnlyList<KnownCheckpoint>? witnessed = null, bool trustFileKeys = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trusted = trustedKeys is { Count: > 0 } ? trustedKeys : null;
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var bytes = buffer.ToArray();

        var files = new List<PackFile>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var content = new MemoryStream();
                stream.CopyTo(content);
                files.Add(new PackFile(entry.FullName, content.ToArray()));
            }
        }
        catch (InvalidDataException e)
        {
            return Failed(new LedgerProblem(LedgerProblemKind.Malformed, 0, $"the pack is not a readable zip archive ({e.Message})"));
        }

        var result = AssurancePackVerifier.Verify(files,
            checkpoint => CheckpointVerification.Check(checkpoint, trusted),
            (keyId, publicKey, message, signature) => CheckpointVerification.VerifySignature(keyId, publicKey, message, signature, trusted));
        if (!result.Verified) return result;
        if (trusted is null && !trustFileKeys)
            return result with
            {
                Problem = new LedgerProblem(LedgerProblemKind.Unsigned, 0,
                    "no trusted key: the signatures verify only with the public keys inside the pack, which proves the pack is consistent, not who made it. "
                    + "Pass the operator's public key (--trusted-key, from `attest ledger public-key`) or a witness directory"),
            };
        var checkpoint = result.Checkpoint!.Checkpoint;
        foreach (var known in witnessed ?? [])
        {
            if (known.TreeSize == checkpoint.TreeSize && known.RootHash != checkpoint.RootHash)
                return result with
                {
                    Problem = new LedgerProblem(LedgerProblemKind.RewrittenHistory, 0,
                        $"{known.Source} saw the ledger at {known.TreeSize} entries with root {known.RootHash}, but the pack's checkpoint signs root {checkpoint.RootHash} for that size: the history was rewritten"),
                };
        }

        // Contents verified; now the container: a pack is written one way only, so any other bytes
        // (timestamps, attributes, comments, order, compression) mean the zip itself was edited.
        var canonical = CanonicalZip.ToBytes(files);
        var at = bytes.AsSpan().CommonPrefixLength(canonical);
        if (at < bytes.Length || bytes.Length != canonical.Length)
            return result with
            {
                Problem = new LedgerProblem(LedgerProblemKind.FileMismatch, 0,
                    $"the zip container differs from the canonical pack layout at byte {at}: the archive's metadata or file order was altered"),
            };
        return result;
    }

    private static PackVerificationResult Failed(LedgerProblem problem) => new(problem, 0, 0, null, null);
}
