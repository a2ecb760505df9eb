using System.Text;

namespace Attest.Engine.Ledger;

/// <summary>
/// A ledger entry with the payload its <c>payload_sha256</c> commits to: the exact UTF-8 JSON text
/// whose SHA-256 is that digest (canonical JSON as the writer produced it), stored and exported verbatim.
/// </summary>
public sealed record LedgerExportEntry(LedgerRecord Record, string PayloadJson)
{
    /// <summary>True when the payload's SHA-256 is the digest the entry commits to.</summary>
    public bool PayloadMatches() => LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes(PayloadJson)) == Record.PayloadSha256;
}
