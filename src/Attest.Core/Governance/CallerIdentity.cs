using Attest.Core.Common;
using Attest.Engine.Access;

namespace Attest.Core.Governance;

/// <summary>An authenticated caller: who (for the ledger), with which roles, limited to which system.</summary>
/// <param name="SystemId">Set for API keys scoped to one system: such a key acts and reads only there.</param>
/// <param name="UserId">Set for local users: their system memberships give product owners and ML engineers their systems.</param>
public sealed record CallerIdentity(Actor Actor, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, string? SystemId, string? UserId)
{
    /// <summary>
    /// Whoever runs the CLI against a local data directory. They hold the database file, so they can do anything an
    /// administrator can; the ledger names them <c>local:&lt;os user&gt;</c> so those changes are recognisable as such.
    /// </summary>
    public static CallerIdentity LocalAdministrator(string operatingSystemUser) =>
        new(Actor.LocalOperator(operatingSystemUser), [Engine.Access.Roles.Admin], [], null, null);

    /// <summary>Attest itself (schedules, the demo seeder): an administrator that no person can sign in as.</summary>
    public static readonly CallerIdentity Attest = new(Actor.System, [Engine.Access.Roles.Admin], [], null, null);

    /// <summary>A caller with no credentials: holds no role, so every governed change refuses it.</summary>
    public static readonly CallerIdentity Anonymous = new(Actor.Anonymous, [], [], null, null);

    public bool IsScoped => SystemId is not null;

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
