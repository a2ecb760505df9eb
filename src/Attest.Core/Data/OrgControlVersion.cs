namespace Attest.Core.Data;

/// <summary>
/// A version of a control of the organisation's library written from production: the completed <c>control_change</c>
/// corrective action of a post-incident review. The latest version of each control id overlays the library in force (files)
/// in the compliance matrix and the gates. Never updated: a later change is a new version.
/// </summary>
public sealed class OrgControlVersion
{
    public required string Id { get; set; }
    public required string ControlId { get; set; }
    public int Version { get; set; }
    /// <summary>The control as proposed and checked: <c>{id, title, objective, evidence, renewal_months, mappings, scope}</c>.</summary>
    public required string ControlJson { get; set; }
    /// <summary>For a new control: the one system that requires it, or null when every classified system does.</summary>
    public string? ScopeSystemId { get; set; }
    public required string IncidentId { get; set; }
    public required string ActionId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
