using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

public sealed record DeploymentInput
{
    /// <summary>The model version's id, or "name@version".</summary>
    public string? ModelVersion { get; init; }
    public DeploymentEnvironment? Environment { get; init; }
    public string? Region { get; init; }
    public DateOnly? DeployedOn { get; init; }
    public DeploymentStatus? Status { get; init; }
}

public sealed record DeploymentDto(
    string Id, string SystemId, string ModelVersionId, string Model, DeploymentEnvironment Environment, string Region,
    DateOnly? DeployedOn, DeploymentStatus Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int RowVersion);

internal static class DeploymentMapping
{
    public static DeploymentDto ToDto(this Deployment d, AiSystem system) => new(
        d.Id, d.SystemId, d.ModelVersionId, system.ModelVersions.First(m => m.Id == d.ModelVersionId).Label, d.Environment, d.Region,
        d.DeployedOn, d.Status, d.CreatedAt, d.UpdatedAt, d.RowVersion);

    public static FieldErrors Validate(DeploymentInput input)
    {
        var errors = new FieldErrors();
        errors.Required("model_version", input.ModelVersion);
        if (input.Environment is null) errors.Add("environment", $"is required: {SnakeCase.Allowed<DeploymentEnvironment>()}");
        errors.Required("region", input.Region);
        errors.MaxLength("region", input.Region, 64);
        return errors;
    }

    /// <summary>Finds the referenced model version among the system's own; a version of another system is a dangling reference.</summary>
    public static (ModelVersion? Version, string? Problem) Resolve(AiSystem system, string reference) =>
        ModelVersionRefs.Match(system, system.ModelVersions, reference);
}
