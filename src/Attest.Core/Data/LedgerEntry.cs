namespace Attest.Core.Data;

/// <summary>
/// One append-only ledger row. Never updated or deleted: the context refuses to save a modified or
/// deleted entry, and on PostgreSQL a trigger refuses it too.
/// </summary>
public sealed class LedgerEntry
{
    public long Seq { get; set; }
    public DateTimeOffset Time { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public required string PayloadSha256 { get; set; }
    /// <summary>The canonical JSON the digest covers, kept so history can be shown and re-verified.</summary>
    public required string PayloadJson { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}
