using System.IO.Compression;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs;

/// <summary>Offline verification of an assurance pack zip (see <see cref="AssurancePackVerifier"/>).</summary>
public static class AssurancePackVerification
{
    /// <param name="trustedKeys">
    /// Keys the auditor trusts; when null or empty the keys embedded in the pack are used, which
    /// proves the pack is consistent, not who made it.
    /// </param>
    public static PackVerificationResult Verify(Stream input, IReadOnlyCollection<byte[]>? trustedKeys)
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
