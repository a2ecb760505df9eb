namespace Attest.Engine.Ledger;

/// <summary>The outcome of verifying a ledger export.</summary>
/// <param name="Problem">The first problem, or null when everything verified.</param>
/// <param name="Entries">Entries read and verified before the first problem (all of them when it verified).</param>
/// <param name="CheckpointsVerified">Checkpoints whose signature and root both verified.</param>
/// <param name="RootHash">Merkle root (hex) over the verified entries.</param>
/// <param name="LatestCheckpoint">The verified checkpoint with the largest tree size, if any.</param>
public sealed record LedgerVerificationResult(
    LedgerProblem? Problem,
    long Entries,
    int CheckpointsVerified,
    string RootHash,
    SignedCheckpoint? LatestCheckpoint)
{
    public bool Verified => Problem is null;

    /// <summary>Entries after the latest verified checkpoint: chained, but no signature vouches for them.</summary>
    public long EntriesNotCoveredBySignature => Entries - (LatestCheckpoint?.Checkpoint.TreeSize ?? 0);
}
