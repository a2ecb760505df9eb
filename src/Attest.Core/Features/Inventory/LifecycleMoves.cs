using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>Gathers the facts of <see cref="LifecycleGovernance"/> for a move and words a refusal with the gate's unmet list.</summary>
internal static class LifecycleMoves
{
    public static async Task<Result<T>?> RefusalAsync<T>(AttestDbContext db, EvaluateGate gate, AiSystem system, LifecycleStage to, CancellationToken ct)
    {
        if (to is not (LifecycleStage.Approved or LifecycleStage.Deployed) || to == system.Stage)
            return null;
        var approval = await ApprovalsInForce.LatestAsync(db, system.Id, ct);
        var production = new List<ProductionVersion>();
        var running = await db.Deployments.AsNoTracking()
            .Where(d => d.SystemId == system.Id && d.Environment == DeploymentEnvironment.Production && d.Status != DeploymentStatus.Retired && d.Status != DeploymentStatus.Paused)
            .Select(d => d.ModelVersionId).Distinct().ToListAsync(ct);
        foreach (var versionId in running)
        {
            var label = await db.ModelVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Name + "@" + v.Version).FirstAsync(ct);
            production.Add(new ProductionVersion(label, approval is not null && await ApprovalsInForce.CoversAsync(db, approval, versionId, ct)));
        }
        var missing = LifecycleGovernance.Missing(system.Stage, to, new LifecycleFacts(approval?.ModelVersionLabel, production)).ToList();
        if (missing.Count == 0)
            return null;
        if (approval is null)
            missing.AddRange(await UnmetOfLaunchGateAsync(db, gate, system, ct));
        var stage = SnakeCase.FromEnum(to);
        return Result<T>.Conflict(
            $"Cannot move '{system.Slug}' to {stage}: {string.Join("; ", missing)}.",
            new Dictionary<string, string[]> { ["stage"] = missing.ToArray() });
    }

    // What the pre-launch gate still lacks for the newest model version, so the refusal says what to do.
    private static async Task<IEnumerable<string>> UnmetOfLaunchGateAsync(AttestDbContext db, EvaluateGate gate, AiSystem system, CancellationToken ct)
    {
        var newest = await db.ModelVersions.AsNoTracking().Include(v => v.TrainingDatasets).ThenInclude(t => t.Dataset)
            .Where(v => v.SystemId == system.Id).OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).FirstOrDefaultAsync(ct);
        var gathered = await gate.GatherAsync(system, newest, GateStage.PreLaunch, ct);
        if (!gathered.IsOk)
            return [$"pre_launch gate: {gathered.Message}"];
        return gathered.Value!.Report.Unmet.Select(u => $"pre_launch gate unmet: {u.Requirement} ({u.Reason})");
    }
}
