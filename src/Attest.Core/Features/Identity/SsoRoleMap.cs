using Attest.Core.DataFiles;
using Attest.Engine.Access;

namespace Attest.Core.Features.Identity;

/// <summary>
/// Which Attest roles the identity provider's groups give (format attest.sso-role-map/v1, a YAML file named by
/// <c>Attest:Sso:RoleMap</c>): each entry names a group (or app-role value) and the roles, reviewer specialties and
/// system memberships its members get. Loaded and checked at start; every problem is reported with file, line and field.
/// </summary>
/// <example>
/// format: attest.sso-role-map/v1
/// groups:
///   - group: attest-governance
///     roles: [governance_lead]
///   - group: credit-scoring-team
///     roles: [product_owner]
///     systems: [credit-scoring]
/// </example>
public sealed class SsoRoleMap
{
    public const string Format = "attest.sso-role-map/v1";

    /// <summary>No file: only role claims that are Attest role names give roles.</summary>
    public static readonly SsoRoleMap Empty = new([]);

    public SsoRoleMap(IReadOnlyList<SsoGroupGrant> grants) => Grants = grants;

    public IReadOnlyList<SsoGroupGrant> Grants { get; }

    public static SsoRoleMap Load(string path)
    {
        if (!File.Exists(path))
            throw new DataFileException([new DataError(path, null, "", "the SSO role map file does not exist (Attest:Sso:RoleMap)")]);
        return Read(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static SsoRoleMap Read(string text, string file)
    {
        var errors = new List<DataError>();
        var b = new DataBinder(file, errors);
        List<SsoGroupGrant>? grants = null;
        if (b.AsMapping(DataDocument.Parse(text, file, errors), "") is { } m)
        {
            b.RejectUnknownKeys(m, "", ["format", "groups"]);
            if (b.String(m, "format", "", required: true) is { } format && format != Format)
                b.Error(DataBinder.LineOf(m, "format"), "format", $"expected {Format}, got \"{format}\"");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            grants = [.. b.List(m, "groups", "", (node, path) => Grant(b, node, path, seen), required: true)];
        }
        if (errors.Count > 0 || grants is null)
            throw new DataFileException(errors.Count > 0 ? errors : [new DataError(file, null, "", "the file is empty")]);
        return new SsoRoleMap(grants);
    }

    private static SsoGroupGrant? Grant(DataBinder b, DataNode node, string path, HashSet<string> seen)
    {
        if (b.AsMapping(node, path) is not { } g) return null;
        b.RejectUnknownKeys(g, path, ["group", "roles", "specialties", "systems"]);
        var group = b.String(g, "group", path, required: true, maxLength: 500);
        if (group is not null && !seen.Add(group))
            b.Error(DataBinder.LineOf(g, "group"), DataBinder.Join(path, "group"), $"\"{group}\" is listed twice; give each group one entry");
        var roles = b.StringList(g, "roles", path, required: true);
        var ok = group is not null;
        for (var i = 0; i < roles.Count; i++)
        {
            if (Roles.IsKnown(roles[i])) continue;
            b.Error(DataBinder.LineOf(g, "roles"), $"{DataBinder.Join(path, "roles")}[{i}]", $"'{roles[i]}' is not a role; expected one of {string.Join(" | ", Roles.All)}");
            ok = false;
        }
        if (roles.Count == 0 && g["roles"] is not null)
        {
            b.Error(DataBinder.LineOf(g, "roles"), DataBinder.Join(path, "roles"), "name at least one role");
            ok = false;
        }
        var specialties = b.StringList(g, "specialties", path);
        for (var i = 0; i < specialties.Count; i++)
        {
            if (Specialties.IsKnown(specialties[i])) continue;
            b.Error(DataBinder.LineOf(g, "specialties"), $"{DataBinder.Join(path, "specialties")}[{i}]", $"'{specialties[i]}' is not a specialty; expected one of {string.Join(" | ", Specialties.All)}");
            ok = false;
        }
        if (specialties.Count > 0 && !roles.Contains(Roles.Reviewer))
        {
            b.Error(DataBinder.LineOf(g, "specialties"), DataBinder.Join(path, "specialties"), "only reviewers have specialties: add reviewer to roles");
            ok = false;
        }
        var systems = b.StringList(g, "systems", path);
        if (systems.Count > 0 && !roles.Any(r => Roles.SystemScoped.Contains(r)))
        {
            b.Error(DataBinder.LineOf(g, "systems"), DataBinder.Join(path, "systems"),
                $"systems make members of a system's team; only {string.Join(" and ", Roles.SystemScoped)} are members of systems");
            ok = false;
        }
        return ok ? new SsoGroupGrant(group!, roles, specialties, systems) : null;
    }

    /// <summary>
    /// What a person holding these groups and role claims gets: role claims that are Attest role names count as they are;
    /// every group or role value listed in the map adds its roles, specialties and system memberships.
    /// </summary>
    public SsoGrant Resolve(IEnumerable<string> groups, IEnumerable<string> roleClaims)
    {
        var values = groups.Concat(roleClaims).ToHashSet(StringComparer.Ordinal);
        var roles = new SortedSet<string>(roleClaims.Where(Roles.IsKnown), StringComparer.Ordinal);
        var specialties = new SortedSet<string>(StringComparer.Ordinal);
        var memberships = new SortedSet<(string System, string Role)>();
        foreach (var grant in Grants.Where(g => values.Contains(g.Group)))
        {
            roles.UnionWith(grant.Roles);
            specialties.UnionWith(grant.Specialties);
            foreach (var system in grant.Systems)
            {
                foreach (var role in grant.Roles.Where(r => Roles.SystemScoped.Contains(r)))
                    memberships.Add((system, role));
            }
        }
        return new SsoGrant([.. roles], [.. specialties], [.. memberships]);
    }
}

/// <param name="Group">A value of the groups claim (or of the roles claim, for providers that send app roles).</param>
/// <param name="Systems">Systems (slug or id) whose team the group's product owners and ML engineers join.</param>
public sealed record SsoGroupGrant(string Group, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, IReadOnlyList<string> Systems);

/// <summary>The roles, specialties and system memberships one person gets from their groups.</summary>
public sealed record SsoGrant(IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, IReadOnlyList<(string System, string Role)> Memberships);
