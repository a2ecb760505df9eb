using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;
using Deployment = Attest.Core.Data.Deployment;

namespace Attest.Core.Features.Incidents;

/// <summary>What containment does.</summary>
public enum ContainmentKind
{
    /// <summary>Run the last approved model version again on the deployment.</summary>
    Rollback,
    /// <summary>Pause the deployment.</summary>
    PauseDeployment,
    /// <summary>Put another (proposed) version of the oversight policy in force, e.g. one that routes every decision to review.</summary>
    SwitchOversightPolicy,
}

public sealed record ContainmentInput
{
    public ContainmentKind? Kind { get; init; }
    /// <summary>The deployment to roll back or pause; the system's only production deployment when not given.</summary>
    public string? Deployment { get; init; }
    /// <summary>For a policy switch: the proposed version of the oversight policy to put in force.</summary>
    public int? PolicyVersion { get; init; }
    public string? Note { get; init; }
}

/// <summary>
/// Contains an incident: rolls a deployment back to the last approved model version, pauses a deployment, or puts another
/// oversight policy version in force — the change itself and the containment step recorded on the incident, each a ledger
/// entry, in one transaction. The first containment step meets the internal containment-plan deadline.
/// </summary>
public sealed class ContainIncident(AttestDbContext db, GovernedWrites writes, IncidentData data)
{
    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, ContainmentInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Kind is null)
            errors.Add("kind", $"is required: one of {string.Join(" | ", WireName.All<ContainmentKind>())}");
        if (input.Kind == ContainmentKind.SwitchOversightPolicy && input.PolicyVersion is null)
            errors.Add("policy_version", "is required to switch the oversight policy: the proposed version to put in force");
        if (input.PolicyVersion is < 1)
            errors.Add("policy_version", "must be 1 or more");
        errors.MaxLength("deployment", input.Deployment, 40);
        errors.MaxLength("note", input.Note, ReportIncident.MaxTextLength);
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsHandle,
            WriteTarget.SystemOf(db.Incidents.Where(x => x.Id == incidentId).Select(x => x.SystemId), $"No incident '{incidentId}'."), async change =>
        {
            var incident = await db.Incidents.FirstAsync(x => x.Id == incidentId, ct);
            if (expectedVersion is { } expected && expected != incident.Version)
                return Result<IncidentDto>.PreconditionFailed($"Incident {incident.Id} is at version {incident.Version}, not {expected}: read it again and retry.");
            if (incident.Status == IncidentStatus.Closed)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} is closed; containment is recorded on open incidents.");
            var system = change.System;
            var detail = input.Kind switch
            {
                ContainmentKind.Rollback => await RollbackAsync(system, input.Deployment, change, ct),
                ContainmentKind.PauseDeployment => await PauseAsync(system, input.Deployment, change, ct),
                _ => await SwitchPolicyAsync(input.PolicyVersion!.Value, change, ct),
            };
            if (!detail.IsOk)
                return detail.As<IncidentDto>();
            var text = string.IsNullOrWhiteSpace(input.Note) ? detail.Value! : $"{detail.Value} — {input.Note.Trim()}";
            incident.ContainmentJson = IncidentViews.Append(incident.ContainmentJson, new JsonObject
            {
                ["kind"] = WireName.Of(input.Kind!.Value),
                ["detail"] = text,
                ["at"] = change.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["by"] = change.Actor.Id,
            });
            await change.RecordAsync(LedgerActions.IncidentContained, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["kind"] = WireName.Of(input.Kind!.Value),
                ["detail"] = text,
            }, ct);
            await IncidentChanges.MarkMetAsync(incident, ClockRegime.Internal, "containment_plan", change.Now, text, change, ct);
            incident.Version++;
            await change.FlushAsync(ct);
            return Result<IncidentDto>.Ok(await IncidentViews.ToDtoAsync(db, data, change.Now, incident, ct));
        }, ct);
    }

    private async Task<(Deployment? Deployment, Result<string>? Error)> DeploymentAsync(AiSystem system, string? reference, CancellationToken ct)
    {
        // Loaded (and tracked) so the deployment's record names its model version.
        await db.ModelVersions.Where(m => m.SystemId == system.Id).LoadAsync(ct);
        var deployments = await db.Deployments.Where(d => d.SystemId == system.Id).ToListAsync(ct);
        if (reference is not null)
        {
            var found = deployments.FirstOrDefault(d => d.Id == reference);
            return found is null ? (null, Result<string>.Invalid("deployment", $"no deployment '{reference}' in system '{system.Slug}'")) : (found, null);
        }
        var production = deployments.Where(d => d.Environment == DeploymentEnvironment.Production && d.Status != DeploymentStatus.Retired).ToList();
        return production.Count == 1
            ? (production[0], null)
            : (null, Result<string>.Invalid("deployment", production.Count == 0
                ? $"system '{system.Slug}' has no production deployment; name the deployment"
                : $"system '{system.Slug}' has {production.Count} production deployments; name one of {string.Join(", ", production.Select(d => d.Id))}"));
    }

    private async Task<Result<string>> RollbackAsync(AiSystem system, string? reference, GovernedChange change, CancellationToken ct)
    {
        var (deployment, error) = await DeploymentAsync(system, reference, ct);
        if (deployment is null)
            return error!;
        // The latest release approval (go or conditional go) of another model version than the one running.
        var approvals = await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == system.Id && r.ModelVersionId != null && r.Status == ReviewStatus.Decided && r.Stage != Engine.Gates.GateStage.DesignReview
                && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo))
            .Select(r => new { r.Id, r.ModelVersionId, r.DecidedAt }).ToListAsync(ct);
        var target = approvals.Where(a => a.ModelVersionId != deployment.ModelVersionId).OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.Id).FirstOrDefault();
        if (target is null)
            return Result<string>.Conflict($"No approved model version of '{system.Slug}' other than the one deployment {deployment.Id} runs: there is nothing to roll back to; pause the deployment instead.");
        var from = await db.ModelVersions.FirstAsync(m => m.Id == deployment.ModelVersionId, ct);
        var to = await db.ModelVersions.FirstAsync(m => m.Id == target.ModelVersionId, ct);
        var before = AttestJson.ToNode(deployment.ToDto(system));
        deployment.ModelVersionId = to.Id;
        deployment.ModelVersion = to;
        return Result<string>.Ok(await RecordDeploymentAsync(system, deployment, before, change,
            $"rolled deployment {deployment.Id} back from {from.Label} to {to.Label} (approved by review {target.Id})", ct));
    }

    private async Task<Result<string>> PauseAsync(AiSystem system, string? reference, GovernedChange change, CancellationToken ct)
    {
        var (deployment, error) = await DeploymentAsync(system, reference, ct);
        if (deployment is null)
            return error!;
        if (deployment.Status is DeploymentStatus.Paused or DeploymentStatus.Retired)
            return Result<string>.Conflict($"Deployment {deployment.Id} is already {WireName.Of(deployment.Status)}.");
        var before = AttestJson.ToNode(deployment.ToDto(system));
        deployment.Status = DeploymentStatus.Paused;
        return Result<string>.Ok(await RecordDeploymentAsync(system, deployment, before, change, $"paused deployment {deployment.Id} ({WireName.Of(deployment.Environment)}, {deployment.Region})", ct));
    }

    private static async Task<string> RecordDeploymentAsync(AiSystem system, Deployment deployment, JsonNode? before, GovernedChange change, string detail, CancellationToken ct)
    {
        deployment.RowVersion++;
        deployment.UpdatedAt = change.Now;
        system.UpdatedAt = change.Now;
        system.Version++;
        await change.RecordAsync(LedgerActions.DeploymentUpdated, new JsonObject { ["before"] = before, ["after"] = AttestJson.ToNode(deployment.ToDto(system)) }, ct);
        return detail;
    }

    private async Task<Result<string>> SwitchPolicyAsync(int version, GovernedChange change, CancellationToken ct)
    {
        // Putting a policy version in force is an approval of it: the caller needs that right too, and the approval's rules hold.
        if (await writes.Access.SystemRefusalAsync(change.Caller, Permissions.OversightPolicyApprove, change.System.Id, change.System.Slug, ct) is { } refusal)
            return Result<string>.Forbidden(refusal);
        var approved = await ApproveOversightPolicy.ApproveAsync(db, change, version, ct);
        return approved.IsOk
            ? Result<string>.Ok($"put version {version} of the oversight policy in force" + (approved.Value!.SupersededVersion is { } old ? $" (replacing version {old})" : ""))
            : approved.As<string>();
    }
}
