namespace Attest.Core.Data;

/// <summary>
/// A person's override of one computed classification, with its justification. Stored beside the
/// computed result (which is never changed); the latest override of the latest classification is in force.
/// </summary>
public sealed class ClassificationOverrideRecord
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    /// <summary>The computed classification this override sits beside.</summary>
    public required string ClassificationId { get; set; }
    /// <summary>The class the person decided: prohibited, high_risk, limited_risk, minimal_risk or out_of_scope.</summary>
    public required string EuAiActClass { get; set; }
    public required string Justification { get; set; }
    /// <summary>
    /// The controls required under the overridden class (a JSON array of control ids): the intake's facts
    /// with the person's class, so obligations and controls follow the effective class.
    /// </summary>
    public required string RequiredControlsJson { get; set; }
    public required string OverriddenBy { get; set; }
    public DateTimeOffset OverriddenAt { get; set; }
}
