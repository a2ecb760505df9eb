namespace Attest.Core.Data;

/// <summary>
/// One piece of evidence: a content-addressed file (blobs/sha256/…) and what it proves — its type, the
/// controls it satisfies, the system, model versions and datasets it concerns, who produced it and how,
/// and until when it is valid. Never deleted: retired evidence stays readable with its status.
/// </summary>
public sealed class EvidenceItem
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    /// <summary>Evidence type (snake_case, e.g. fairness_report) accepted by the controls it satisfies.</summary>
    public required string Type { get; set; }
    public List<string> Controls { get; set; } = [];
    /// <summary>Model version ids it concerns; empty when it concerns the system as a whole.</summary>
    public List<string> ModelVersionIds { get; set; } = [];
    public List<string> DatasetIds { get; set; } = [];
    /// <summary>SHA-256 of the content (lowercase hex): the blob's address.</summary>
    public required string Sha256 { get; set; }
    public long SizeBytes { get; set; }
    public required string FileName { get; set; }
    public required string MediaType { get; set; }
    public string? Summary { get; set; }
    /// <summary>upload, cli, ci or evaluation.</summary>
    public required string Method { get; set; }
    public required string ProducedBy { get; set; }
    public DateTimeOffset ProducedAt { get; set; }
    /// <summary>The last day the evidence is valid.</summary>
    public DateOnly ValidUntil { get; set; }
    /// <summary>The evidence this one replaces (which is retired when this one is added).</summary>
    public string? SupersedesId { get; set; }
    /// <summary>active or retired.</summary>
    public required string Status { get; set; }
    public string? RetiredBy { get; set; }
    public DateTimeOffset? RetiredAt { get; set; }
    public string? RetiredReason { get; set; }
    /// <summary>May be named and offered on a customer trust page (set by governance roles: <c>SetEvidenceShareable</c>).</summary>
    public bool Shareable { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Concurrency token: incremented on every change.</summary>
    public int Version { get; set; }
}
