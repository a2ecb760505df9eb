using Attest.Core.Data;
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
