using Attest.Engine.Inventory;

namespace Attest.Core.Data;

/// <summary>A dataset used to train, tune, evaluate or ground models; shared across systems.</summary>
public sealed class Dataset : Governance.ILedgerSubject
{
    string Governance.ILedgerSubject.LedgerSubject => $"dataset:{Id}";

    public required string Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Source { get; set; }
    public required string Owner { get; set; }
    public List<string> PersonalDataClasses { get; set; } = [];
    public LegalBasis? LegalBasis { get; set; }
    public bool? ConsentObtained { get; set; }
    public string? Retention { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Datasets this one was derived from.</summary>
    public List<DatasetLineage> Parents { get; set; } = [];
}

/// <summary>Lineage edge: <see cref="ChildId"/> was derived from <see cref="ParentId"/>.</summary>
public sealed class DatasetLineage
{
    public required string ChildId { get; set; }
    public required string ParentId { get; set; }
    public Dataset? Child { get; set; }
    public Dataset? Parent { get; set; }
}
