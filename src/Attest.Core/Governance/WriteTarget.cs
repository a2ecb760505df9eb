using Attest.Core.Data;

namespace Attest.Core.Governance;

/// <summary>What a governed change is about, so the path can load it once and authorize against it.</summary>
public abstract record WriteTarget
{
    private protected WriteTarget() { }

    /// <summary>Not one system's: users, keys, a new system, the ledger. Keys scoped to a system cannot make such changes.</summary>
    public static WriteTarget Installation { get; } = new InstallationTarget();

    /// <summary>The system named by id or slug; <paramref name="full"/> loads its model versions and deployments too.</summary>
    public static WriteTarget System(string idOrSlug, bool full = false) => new SystemTarget(idOrSlug, full);

    /// <summary>
    /// The system a record belongs to (a risk, a waiver, a review): <paramref name="systemId"/> finds the system's id,
    /// and <paramref name="notFound"/> is the answer when it finds none.
    /// </summary>
    public static WriteTarget SystemOf(IQueryable<string> systemId, string notFound) => new RecordTarget(systemId, notFound);

    /// <summary>A shared dataset by id or slug, or a new one (null).</summary>
    public static WriteTarget Dataset(string? idOrSlug) => new DatasetTarget(idOrSlug);

    internal sealed record InstallationTarget : WriteTarget;

    internal sealed record SystemTarget(string IdOrSlug, bool Full) : WriteTarget;

    internal sealed record RecordTarget(IQueryable<string> SystemId, string NotFound) : WriteTarget;

    internal sealed record DatasetTarget(string? IdOrSlug) : WriteTarget;
}
