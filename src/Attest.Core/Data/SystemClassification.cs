namespace Attest.Core.Data;

/// <summary>
/// The classification computed from one intake version: the EU AI Act class and tier as columns for
/// queries, and the full attest.classification/v1 document, with the library version and the calendar
/// it was computed under so the result can be explained later.
/// </summary>
public sealed class SystemClassification
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public required string IntakeVersionId { get; set; }
    /// <summary>prohibited, high_risk, limited_risk, minimal_risk or out_of_scope.</summary>
    public required string EuAiActClass { get; set; }
    /// <summary>critical, high, medium or low.</summary>
    public required string Tier { get; set; }
    /// <summary>The attest.classification/v1 document (ClassificationDocument.ToJson).</summary>
    public required string ClassificationJson { get; set; }
    public required string ControlLibraryVersion { get; set; }
    public required string ControlLibraryHash { get; set; }
    public required string CalendarName { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}
