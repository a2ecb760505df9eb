using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>Offline verification of a ledger export with Ed25519 checkpoint signatures.</summary>
public static class LedgerExportVerification
{
    /// <param name="trustedKeys">
    /// Raw Ed25519 public keys the auditor obtained independently. When given, only checkpoints signed
    /// by one of them count and at least one must verify. When null or empty, the public keys embedded
    /// in the file are used: that proves the file is internally consistent, not who wrote it.
    /// </param>
    public static LedgerVerificationResult Verify(Stream input, IReadOnlyCollection<byte[]>? trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(input);
        var trusting = trustedKeys is { Count: > 0 };
        return LedgerExportVerifier.Verify(ByteLines.Split(input),
            checkpoint => CheckpointVerification.Check(checkpoint, trusting ? trustedKeys : null),
            requireSignedCheckpoint: trusting);
    }
}
