using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Engine.Access;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Governance;

/// <summary>
/// Who may change what, decided once for the API, the UI and the CLI:
/// <list type="number">
/// <item>the permission → roles matrix (<see cref="AuthorizationMatrix"/>);</item>
/// <item>scope: a key scoped to a system acts only on that system, and never on things that are not one system's;</item>
/// <item>ownership: when only a system-bound role (product owner, ML engineer, service) grants the permission, the
/// caller must belong to the system (a member, or a key scoped to it);</item>
/// <item>shared datasets: changing one takes that right over every system that uses it;</item>
/// <item>independence (separation of duties): a decider is neither the requester nor on the system's team.</item>
/// </list>
/// Refusals are reasons for people, null when allowed.
/// </summary>
public sealed class Access(AttestDbContext db)
{
    /// <summary>
    /// What the caller may read. A key scoped to a system reads that system only (and the shared datasets it uses);
    /// every other caller reads the whole portfolio, as the roles allow: system-bound roles (product owner, ML engineer)
    /// read everything and change only their systems, so a user's memberships narrow changes, not reads.
    /// </summary>
    public static ReadScope ReadScopeOf(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.SystemId is { } systemId ? ReadScope.Only(systemId) : ReadScope.Everything;
    }

    /// <summary>
    /// Why the caller may not read the ledger as a whole (all entries, checkpoints, proofs), or null: a key scoped to a
    /// system reads its system's history only; the whole ledger is for callers with ledger rights over every system.
    /// </summary>
    public static string? LedgerWideReadRefusal(CallerIdentity caller) =>
        RoleRefusal(caller, Permissions.LedgerRead) ?? (caller.IsScoped
            ? "A key scoped to one system reads that system's history only, not the whole ledger (checkpoints, proofs, exports)."
            : null);

    /// <summary>
    /// Whether the record exists but lies outside the caller's read scope, so it must be answered as if it did not
    /// exist (404). A record that does not exist is not hidden: its own use case says so.
    /// </summary>
    public async Task<bool> IsHiddenAsync(ReadScope scope, ReadSubject subject, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsEverything)
            return false;
        if (subject == ReadSubject.Dataset)
        {
            var datasetId = await db.Datasets.AsNoTracking().WhereIdOrSlug(key).Select(d => d.Id).FirstOrDefaultAsync(ct);
            return datasetId is not null && !await CanReadDatasetAsync(scope, datasetId, ct);
        }
        var systemId = await SystemOfAsync(subject, key, ct);
        return systemId is not null && !scope.Includes(systemId);
    }

    /// <summary>
    /// Why the caller may not make a change with <paramref name="permission"/> to the record a route addresses, or null:
    /// the same rules as the governed write path, checked before the request body is read, so a refused caller learns
    /// nothing from validation. A record that does not exist is not refused here (its use case answers 404).
    /// </summary>
    public async Task<string?> RecordWriteRefusalAsync(CallerIdentity caller, string permission, ReadSubject subject, string key, CancellationToken ct)
    {
        if (subject == ReadSubject.Dataset)
        {
            var datasetId = await db.Datasets.AsNoTracking().WhereIdOrSlug(key).Select(d => d.Id).FirstOrDefaultAsync(ct);
            return datasetId is null ? RoleRefusal(caller, permission) : await DatasetRefusalAsync(caller, permission, datasetId, ct);
        }
        return await SystemOfAsync(subject, key, ct) is { } systemId
            ? await SystemRefusalAsync(caller, permission, systemId, key, ct)
            : RoleRefusal(caller, permission);
    }

    private async Task<string?> SystemOfAsync(ReadSubject subject, string key, CancellationToken ct)
    {
        return subject switch
        {
            ReadSubject.System => await db.Systems.AsNoTracking().WhereIdOrSlug(key).Select(s => s.Id).FirstOrDefaultAsync(ct),
            ReadSubject.Evidence => await db.Evidence.AsNoTracking().Where(e => e.Id == key).Select(e => e.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Review => await db.Reviews.AsNoTracking().Where(r => r.Id == key).Select(r => r.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Waiver => await db.Waivers.AsNoTracking().Where(w => w.Id == key).Select(w => w.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Risk => await db.Risks.AsNoTracking().Where(r => r.Id == key).Select(r => r.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Alert => await db.MonitoringAlerts.AsNoTracking().Where(a => a.Id == key).Select(a => a.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Incident => await db.Incidents.AsNoTracking().Where(i => i.Id == key).Select(i => i.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Action => await db.Actions.AsNoTracking().Where(a => a.Id == key).Select(a => a.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.Decision => await db.Decisions.AsNoTracking().Where(d => d.Id == key).Select(d => d.SystemId).FirstOrDefaultAsync(ct),
            ReadSubject.ReviewItem => await db.ReviewItems.AsNoTracking().Where(i => i.Id == key).Select(i => i.SystemId).FirstOrDefaultAsync(ct),
            _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, null),
        };
    }

    /// <summary>A shared dataset is readable where any system in scope uses it; one no system uses belongs to no system and is readable by all.</summary>
    public async Task<bool> CanReadDatasetAsync(ReadScope scope, string datasetId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsEverything)
            return true;
        var users = await SystemsUsingAsync(datasetId, ct);
        return users.Count == 0 || users.Any(u => scope.Includes(u.Id));
    }

    /// <summary>The ids of the datasets the scope may read (null: all of them).</summary>
    public async Task<IReadOnlyList<string>?> ReadableDatasetIdsAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.IsEverything)
            return null;
        var readable = new List<string>();
        foreach (var id in await db.Datasets.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct))
        {
            if (await CanReadDatasetAsync(scope, id, ct))
                readable.Add(id);
        }
        return readable;
    }

    /// <summary>
    /// The ledger subjects the scope may read (null: all): its systems' and its readable datasets'. Everything else —
    /// other systems, users, keys, the ledger's own checkpoints and keys — stays out of a scoped key's view.
    /// </summary>
    public async Task<IReadOnlyList<string>?> ReadableLedgerSubjectsAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.SystemIds is not { } systems)
            return null;
        var datasets = await ReadableDatasetIdsAsync(scope, ct) ?? [];
        return [.. systems.Select(s => $"system:{s}"), .. datasets.Select(d => $"dataset:{d}")];
    }

    /// <summary>Whether the caller's roles grant the permission at all (before scope and ownership).</summary>
    public static bool HoldsPermission(CallerIdentity caller, string permission)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return AuthorizationMatrix.Allows(permission, caller.Roles);
    }

    /// <summary>Why the caller may not do <paramref name="permission"/> to the system, or null.</summary>
    public async Task<string?> SystemRefusalAsync(CallerIdentity caller, string permission, string systemId, string systemLabel, CancellationToken ct)
    {
        if (RoleRefusal(caller, permission) is { } refusal)
            return refusal;
        if (caller.SystemId is { } scoped && scoped != systemId)
            return $"This key is scoped to another system, not '{systemLabel}'.";
        if (GrantsEverywhere(caller, permission))
            return null;
        if (caller.UserId is null)
            return caller.SystemId == systemId ? null : $"Your roles ({Describe(caller.Roles)}) reach only systems you belong to; '{systemLabel}' is not one of them.";
        return await db.SystemMembers.AnyAsync(m => m.SystemId == systemId && m.UserId == caller.UserId, ct)
            ? null
            : $"You may change only the systems you are a member of; '{systemLabel}' is not one of them.";
    }

    /// <summary>Why the caller may not do <paramref name="permission"/> beyond any one system (users, keys, a new system), or null.</summary>
    public static string? InstallationRefusal(CallerIdentity caller, string permission)
    {
        if (RoleRefusal(caller, permission) is { } refusal)
            return refusal;
        return caller.IsScoped ? "A key scoped to one system cannot do this: it acts on that system only." : null;
    }

    /// <summary>
    /// Why the caller may not change a shared dataset, or null: every system that uses it (trained on it, or on a dataset
    /// derived from it) must be one the caller may change. A dataset nobody uses yet is open to anyone with the role.
    /// </summary>
    public async Task<string?> DatasetRefusalAsync(CallerIdentity caller, string permission, string? datasetId, CancellationToken ct)
    {
        if (RoleRefusal(caller, permission) is { } refusal)
            return refusal;
        if (datasetId is null || (GrantsEverywhere(caller, permission) && !caller.IsScoped))
            return null;
        foreach (var system in await SystemsUsingAsync(datasetId, ct))
        {
            if (await SystemRefusalAsync(caller, permission, system.Id, system.Slug, ct) is not null)
                return $"The dataset is used by '{system.Slug}', which you may not change; a shared dataset changes only with a right over every system that uses it.";
        }
        return null;
    }

    /// <summary>Why the caller is not independent of the system and of the requester (separation of duties), or null.</summary>
    public async Task<string?> IndependenceRefusalAsync(CallerIdentity decider, AiSystem system, string requesterActorId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decider);
        ArgumentNullException.ThrowIfNull(system);
        var names = new List<string> { decider.Actor.DisplayName };
        if (decider.UserId is { } userId && await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.UserName, u.DisplayName, u.Email }).FirstOrDefaultAsync(ct) is { } user)
        {
            names.Add(user.UserName);
            names.Add(user.DisplayName);
            if (user.Email is not null)
                names.Add(user.Email);
        }
        var members = await db.SystemMembers.AsNoTracking().Where(m => m.SystemId == system.Id).Select(m => m.UserId).ToListAsync(ct);
        var holder = new DutyHolder(decider.Actor.Id, decider.Roles) { UserId = decider.UserId, ScopedSystemId = decider.SystemId, Names = names };
        return SeparationOfDuties.CheckIndependence(requesterActorId, holder, new SystemTeam(system.Id, [system.BusinessOwner, system.TechnicalOwner], members));
    }

    private async Task<List<(string Id, string Slug)>> SystemsUsingAsync(string datasetId, CancellationToken ct)
    {
        var edges = await db.DatasetLineage.AsNoTracking().Select(e => new { e.ChildId, e.ParentId }).ToListAsync(ct);
        var family = new HashSet<string>(StringComparer.Ordinal) { datasetId };
        var frontier = new Queue<string>([datasetId]);
        while (frontier.TryDequeue(out var current))
        {
            foreach (var child in edges.Where(e => e.ParentId == current).Select(e => e.ChildId))
            {
                if (family.Add(child))
                    frontier.Enqueue(child);
            }
        }
        var systems = await (
            from link in db.ModelTrainingDatasets.AsNoTracking()
            join version in db.ModelVersions.AsNoTracking() on link.ModelVersionId equals version.Id
            join system in db.Systems.AsNoTracking() on version.SystemId equals system.Id
            where family.Contains(link.DatasetId)
            select new { system.Id, system.Slug }).Distinct().ToListAsync(ct);
        return systems.Select(s => (s.Id, s.Slug)).OrderBy(s => s.Slug, StringComparer.Ordinal).ToList();
    }

    private static string? RoleRefusal(CallerIdentity caller, string permission)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!AuthorizationMatrix.IsKnown(permission))
            throw new ArgumentException($"Unknown permission '{permission}': add it to AuthorizationMatrix.", nameof(permission));
        return AuthorizationMatrix.Allows(permission, caller.Roles)
            ? null
            : caller.Roles.Count == 0 ? "Sign in first: this needs credentials." : $"Your roles ({Describe(caller.Roles)}) do not allow this.";
    }

    // A role that holds the permission and is not bound to systems (admin, governance lead, reviewer, …) grants it on every system.
    private static bool GrantsEverywhere(CallerIdentity caller, string permission) =>
        caller.Roles.Any(r => !Roles.SystemBound.Contains(r) && AuthorizationMatrix.Allows(permission, [r]));

    private static string Describe(IEnumerable<string> roles) => string.Join(", ", roles);
}
