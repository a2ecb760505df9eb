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

    /// <summary>Checkpoints recorded in the chain itself (ledger.checkpoint_signed entries) whose signature and root verified.</summary>
    public int CheckpointRecordsVerified { get; init; }

    /// <summary>Checkpoints known from outside the file (witnessed or pinned) that the file was shown to extend.</summary>
    public int KnownCheckpointsVerified { get; init; }

    /// <summary>Whether the trusted keys came from outside the file (a trusted key, a pin or a witness).</summary>
    public bool TrustAnchored { get; init; }
}
