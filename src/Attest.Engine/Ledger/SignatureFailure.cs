namespace Attest.Engine.Ledger;

/// <summary>Why a signature was not accepted: signed by a key the verifier does not trust, or invalid.</summary>
public sealed record SignatureFailure(bool UntrustedKey, string Reason)
{
    public LedgerProblemKind Kind => UntrustedKey ? LedgerProblemKind.UntrustedKey : LedgerProblemKind.BadSignature;
}
