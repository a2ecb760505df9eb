using Attest.Engine.Ledger;

namespace Attest.Engine.Packs;

/// <summary>The outcome of verifying an assurance pack.</summary>
/// <param name="Problem">The first problem, or null when everything verified.</param>
/// <param name="FilesVerified">Files whose bytes matched the manifest.</param>
/// <param name="EntriesVerified">Ledger entries whose inclusion proof led to the checkpoint root.</param>
public sealed record PackVerificationResult(LedgerProblem? Problem, int FilesVerified, int EntriesVerified, SignedCheckpoint? Checkpoint, string? ManifestKeyId)
{
    public bool Verified => Problem is null;
}

/// <summary>Null when <paramref name="signature"/> (base64) over <paramref name="message"/> verifies for a trusted key, else why not.</summary>
public delegate SignatureFailure? SignatureCheck(string keyId, string publicKey, byte[] message, string signature);
