namespace Attest.Engine.Ledger;

/// <summary>What went wrong first in a ledger export or assurance pack.</summary>
public enum LedgerProblemKind
{
    /// <summary>A line is not the JSON the format requires (or not canonical, or not ended by a newline).</summary>
    Malformed,
    /// <summary>An entry's hash does not match its content: a field was changed.</summary>
    ChangedEntry,
    /// <summary>An entry's payload does not match its payload_sha256: the payload was changed.</summary>
    ChangedPayload,
    /// <summary>The file does not extend a checkpoint published earlier (a witness or a pinned checkpoint saw another history).</summary>
    RewrittenHistory,
    /// <summary>An entry's prev_hash does not match the entry before it.</summary>
    BrokenChain,
    /// <summary>Entries are missing (a gap in seq, or fewer entries than a checkpoint or the end line say).</summary>
    RemovedEntry,
    /// <summary>Entries appear out of seq order.</summary>
    ReorderedEntries,
    /// <summary>An entry appears that does not belong (a repeated seq, more entries than the end line says).</summary>
    InsertedEntry,
    /// <summary>A checkpoint's signature does not verify.</summary>
    BadSignature,
    /// <summary>A checkpoint is signed by a key the verifier does not trust.</summary>
    UntrustedKey,
    /// <summary>A checkpoint's root hash is not the Merkle root of the entries it covers.</summary>
    RootMismatch,
    /// <summary>An inclusion proof does not lead from an entry to the checkpoint root.</summary>
    BadProof,
    /// <summary>A file's bytes do not match the manifest, or a file is missing or unlisted.</summary>
    FileMismatch,
    /// <summary>Nothing in the input is signed by a trusted key.</summary>
    Unsigned,
    /// <summary>A governance record of a pack names a ledger entry the pack does not hold, or one that recorded something else.</summary>
    RecordMismatch,
}

/// <summary>The first problem found: where (1-based line, 0 when not tied to a line) and what.</summary>
public sealed record LedgerProblem(LedgerProblemKind Kind, long Line, string Message)
{
    public override string ToString() => Message;
}
