using Attest.Engine.Inventory;

namespace Attest.Core.Data;

/// <summary>A model version of a system running (or planned to run) in an environment and region.</summary>
public sealed class Deployment
{
    public required string Id { get; set; }
    public required string SystemId { get; set; }
    public AiSystem? System { get; set; }
    public required string ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    public DeploymentEnvironment Environment { get; set; }
    public required string Region { get; set; }
    public DateOnly? DeployedOn { get; set; }
    public DeploymentStatus Status { get; set; }
    public int RowVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
