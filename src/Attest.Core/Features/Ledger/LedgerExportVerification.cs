using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>Whom a verification trusts.</summary>
public sealed record LedgerTrustOptions
{
    /// <summary>Raw Ed25519 public keys the auditor obtained independently (or pinned earlier); only they may sign.</summary>
    public IReadOnlyList<byte[]> TrustedKeys { get; init; } = [];

    /// <summary>Checkpoints seen outside the file (witnesses, a pinned checkpoint); the file must extend each.</summary>
    public IReadOnlyList<KnownCheckpoint> Known { get; init; } = [];

    /// <summary>
    /// Accept the keys the file itself names when no trusted key is given (trust on first use, which
    /// the caller must make explicit, e.g. when it pins the key for next time). Otherwise a file checked
    /// without a trusted key fails: a file can only vouch for itself.
    /// </summary>
    public bool TrustFileKeys { get; init; }
}

/// <summary>
/// Offline verification of a ledger export, streamed: the file is read in large blocks, never whole,
/// and each block's entries are hashed on every core (<see cref="LedgerExportVerifier"/>).
/// </summary>
public static class LedgerExportVerification
{
    private const int BlockSize = 4 << 20;
    private const int MaxLineBytes = 256 << 20;

    /// <param name="trustedKeys">Keys the auditor obtained independently; without any, the file cannot verify (see <see cref="LedgerTrustOptions"/>).</param>
    public static LedgerVerificationResult Verify(Stream input, IReadOnlyCollection<byte[]>? trustedKeys) =>
        Verify(input, new LedgerTrustOptions { TrustedKeys = [.. trustedKeys ?? []] });

    public static LedgerVerificationResult Verify(Stream input, LedgerTrustOptions trust, bool parallel = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(trust);
        var verifier = new LedgerExportVerifier(new LedgerTrust
        {
            CheckSignature = (checkpoint, signature, embedded) => CheckpointVerification.Check(checkpoint, signature, embedded, trust.TrustedKeys),
            Anchored = trust.TrustedKeys.Count > 0 || trust.TrustFileKeys,
            Known = trust.Known,
            Parallel = parallel,
        });
        var buffer = new byte[BlockSize];
        var filled = 0;
        var lines = new List<LineRange>();
        while (!verifier.Failed)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxLineBytes)
                    return TooLong(verifier);
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            var read = input.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                if (filled > 0) verifier.AddLines(buffer.AsMemory(0, filled), [new LineRange(0, filled)]);
                break;
            }
            var scanFrom = filled;
            filled += read;
            lines.Clear();
            var start = 0;
            var at = scanFrom;
            while (true)
            {
                var newline = buffer.AsSpan(at, filled - at).IndexOf((byte)'\n');
                if (newline < 0) break;
                var end = at + newline + 1;
                lines.Add(new LineRange(start, end - start));
                start = end;
                at = end;
            }
            if (lines.Count > 0) verifier.AddLines(buffer.AsMemory(0, start), lines);
            // Keep the unfinished last line at the front for the next block.
            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
        return verifier.Finish();
    }

    private static LedgerVerificationResult TooLong(LedgerExportVerifier verifier)
    {
        var result = verifier.Finish();
        return result with { Problem = new LedgerProblem(LedgerProblemKind.Malformed, 0, $"a line after entry {result.Entries} is longer than {MaxLineBytes >> 20} MiB: not an Attest export") };
    }
}
