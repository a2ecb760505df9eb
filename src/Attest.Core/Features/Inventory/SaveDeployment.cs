using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

/// <summary>Records that a model version of a system runs (or will run) somewhere, or changes that record.</summary>
public sealed class SaveDeployment(GovernedWrites writes, IdGenerator ids)
{
    public Task<Result<DeploymentDto>> RecordAsync(string systemIdOrSlug, DeploymentInput input, CallerIdentity caller, CancellationToken ct) =>
        SaveAsync(systemIdOrSlug, null, input, null, caller, ct);

    public Task<Result<DeploymentDto>> UpdateAsync(string systemIdOrSlug, string deploymentId, DeploymentInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct) =>
        SaveAsync(systemIdOrSlug, deploymentId, input, expectedVersion, caller, ct);

    private async Task<Result<DeploymentDto>> SaveAsync(string systemIdOrSlug, string? deploymentId, DeploymentInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        var errors = DeploymentMapping.Validate(input);
        if (errors.Any) return errors.ToResult<DeploymentDto>();

        return await writes.ChangeAsync(caller, Permissions.InventoryWrite, WriteTarget.System(systemIdOrSlug, full: true), async change =>
        {
            var system = change.System;
            var (model, problem) = DeploymentMapping.Resolve(system, input.ModelVersion!);
            if (model is null)
                return Result<DeploymentDto>.Invalid("model_version", problem!);

            var now = change.Now;
            Deployment? deployment;
            JsonNode? before = null;
            if (deploymentId is null)
            {
                deployment = new Deployment { Id = ids.New("dep"), SystemId = system.Id, ModelVersionId = model.Id, Region = "", RowVersion = 1, CreatedAt = now };
                system.Deployments.Add(deployment);
            }
            else
            {
                deployment = system.Deployments.FirstOrDefault(d => d.Id == deploymentId);
                if (deployment is null) return Result<DeploymentDto>.NotFound($"No deployment '{deploymentId}' in system '{system.Slug}'.");
                if (expectedVersion is { } expected && expected != deployment.RowVersion)
                    return Result<DeploymentDto>.PreconditionFailed($"Deployment '{deployment.Id}' is at revision {deployment.RowVersion}, not {expected}.");
                before = AttestJson.ToNode(deployment.ToDto(system));
                deployment.RowVersion++;
            }
            deployment.ModelVersionId = model.Id;
            deployment.Environment = input.Environment!.Value;
            deployment.Region = input.Region!.Trim();
            deployment.DeployedOn = input.DeployedOn;
            deployment.Status = input.Status ?? DeploymentStatus.Planned;
            deployment.UpdatedAt = now;
            system.UpdatedAt = now;
            system.Version++;

            var dto = deployment.ToDto(system);
            var payload = before is null ? AttestJson.ToNode(dto) : new JsonObject { ["before"] = before, ["after"] = AttestJson.ToNode(dto) };
            await change.RecordAsync(before is null ? LedgerActions.DeploymentRecorded : LedgerActions.DeploymentUpdated, payload, ct);
            // A new region or environment is a configuration change of the deployed model version.
            change.Touched(model, "deployment");
            return Result<DeploymentDto>.Ok(dto);
        }, ct);
    }
}
