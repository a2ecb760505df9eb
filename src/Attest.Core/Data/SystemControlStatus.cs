using Attest.Engine.Controls;

namespace Attest.Core.Data;

/// <summary>Where one system stands on one control of the library (a cell of the compliance matrix).</summary>
public sealed class SystemControlStatus
{
    public required string SystemId { get; set; }
    public required string ControlId { get; set; }
    public ControlStatus Status { get; set; }
    public string? Note { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Concurrency token: incremented on every change; the API's ETag.</summary>
    public int Version { get; set; }
}
