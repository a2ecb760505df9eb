using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Governance;

/// <summary>
/// The one way state changes in Attest. Every writing use case — whether the API, a page or the CLI asked — runs its
/// change through <see cref="ChangeAsync{T}"/>, which, in one transaction:
/// <list type="number">
/// <item>loads what the change is about once (a system, a record's system, a dataset, or nothing);</item>
/// <item>authorizes the caller for the permission on it (<see cref="Access"/>: roles, scope, ownership);</item>
/// <item>lets the use case change it and record typed ledger actions (<see cref="GovernedChange"/>);</item>
/// <item>assesses material change once for everything the change touched (model versions, deployments, the system's
/// own fields, evaluations), against the approval in force — which may make that approval lapse;</item>
/// <item>commits, or rolls everything back when the use case returns a failure or throws.</item>
/// </list>
/// Conventions tests keep every write in Features on this path.
/// </summary>
public sealed class GovernedWrites(AttestDbContext db, TimeProvider time, IdGenerator ids, GateData gates, BlobStore blobs, Access access)
{
    internal AttestDbContext Db => db;
    internal TimeProvider Time => time;
    internal Access Access => access;

    public async Task<Result<T>> ChangeAsync<T>(CallerIdentity caller, string permission, WriteTarget target, Func<GovernedChange, Task<Result<T>>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(change);
        return await db.InTransactionAsync(async () =>
        {
            AiSystem? system = null;
            Dataset? dataset = null;
            // What the caller may not see does not exist for it: a change to it is answered like a read of it (404).
            var readScope = Access.ReadScopeOf(caller);
            string? refusal;
            switch (target)
            {
                case WriteTarget.SystemTarget(var idOrSlug, var full):
                    system = full ? await db.LoadFullAsync(idOrSlug, ct) : await db.FindSystemAsync(idOrSlug, ct);
                    if (system is null || !readScope.Includes(system.Id))
                        return Result<T>.NotFound($"No AI system '{idOrSlug}'.");
                    refusal = await access.SystemRefusalAsync(caller, permission, system.Id, system.Slug, ct);
                    break;
                case WriteTarget.RecordTarget(var systemIdQuery, var notFound):
                    var systemId = await systemIdQuery.FirstOrDefaultAsync(ct);
                    system = systemId is null ? null : await db.Systems.FirstOrDefaultAsync(s => s.Id == systemId, ct);
                    if (system is null || !readScope.Includes(system.Id))
                        return Result<T>.NotFound(notFound);
                    refusal = await access.SystemRefusalAsync(caller, permission, system.Id, system.Slug, ct);
                    break;
                case WriteTarget.DatasetTarget(var datasetRef):
                    if (datasetRef is not null)
                    {
                        dataset = await db.Datasets.Include(d => d.Parents).WhereIdOrSlug(datasetRef).FirstOrDefaultAsync(ct);
                        if (dataset is null || !await access.CanReadDatasetAsync(readScope, dataset.Id, ct))
                            return Result<T>.NotFound($"No dataset '{datasetRef}'.");
                    }
                    refusal = await access.DatasetRefusalAsync(caller, permission, dataset?.Id, ct);
                    break;
                default:
                    refusal = Access.InstallationRefusal(caller, permission);
                    break;
            }
            if (refusal is not null)
                return Result<T>.Forbidden(refusal);

            var scope = new GovernedChange(this, caller, system, dataset, time.GetUtcNow());
            var result = await change(scope);
            if (!result.IsOk)
                return result;
            await AssessMaterialChangeAsync(scope, ct);
            return result;
        }, ct);
    }

    // Once, before commit, for everything the change touched. The change is flushed first (inside the transaction), so
    // the assessment reads the inventory as it will be committed: new deployments, evidence and edits included.
    private async Task AssessMaterialChangeAsync(GovernedChange change, CancellationToken ct)
    {
        if (change.TouchedVersions.Count == 0)
            return;
        await db.SaveChangesAsync(ct);
        foreach (var (systemId, touched) in change.TouchedVersions.GroupBy(t => t.SystemId, StringComparer.Ordinal).Select(g => (g.Key, g.ToList())))
        {
            var system = await db.Systems.FirstOrDefaultAsync(s => s.Id == systemId, ct);
            if (system is null)
                continue;
            var approval = await ApprovalsInForce.LatestAsync(db, system.Id, ct);
            if (approval?.ModelVersionId is null)
                continue;
            // The system's own fields (intended purpose, user populations) belong to the approved version's configuration.
            // The versions are read in one query and assessed as one batch: an import touches thousands.
            var causes = touched.GroupBy(t => t.ModelVersionId ?? approval.ModelVersionId, StringComparer.Ordinal)
                .Select(g => (VersionId: g.Key, Cause: string.Join(", ", g.Select(t => t.Cause).Distinct(StringComparer.Ordinal))))
                .ToList();
            var versions = await db.ModelVersions.AsNoTracking().Include(v => v.TrainingDatasets).ThenInclude(t => t.Dataset)
                .Where(v => v.SystemId == system.Id).ToDictionaryAsync(v => v.Id, StringComparer.Ordinal, ct);
            var candidates = causes.Where(c => versions.ContainsKey(c.VersionId)).Select(c => (versions[c.VersionId], c.Cause)).ToList();
            await MaterialChangeRecorder.AssessAllAsync(change, approval, system, candidates, ct);
        }
    }

    internal IdGenerator Ids => ids;
    internal GateData Gates => gates;
    internal BlobStore Blobs => blobs;
}
