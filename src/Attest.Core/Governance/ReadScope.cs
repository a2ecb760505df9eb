using System.Linq.Expressions;

namespace Attest.Core.Governance;

/// <summary>
/// The systems a caller may see. A key scoped to a system reads only that system (and the shared datasets it uses);
/// everyone else reads the whole portfolio, as their roles allow. Decided by <see cref="Access.ReadScopeOf"/>, applied
/// by every list (<see cref="Filter{T}"/>) and, for one record, by <see cref="Access.IsHiddenAsync"/>.
/// </summary>
public sealed class ReadScope
{
    private readonly List<string>? _systemIds;

    private ReadScope(List<string>? systemIds) => _systemIds = systemIds;

    /// <summary>The whole portfolio (an unscoped caller, the CLI on its own data directory, Attest itself).</summary>
    public static ReadScope Everything { get; } = new(null);

    /// <summary>Only these systems (by id).</summary>
    public static ReadScope Only(params IEnumerable<string> systemIds) => new([.. systemIds.Distinct(StringComparer.Ordinal)]);

    /// <summary>Null for the whole portfolio, otherwise the ids of the systems in scope.</summary>
    public IReadOnlyList<string>? SystemIds => _systemIds;

    public bool IsEverything => _systemIds is null;

    public bool Includes(string? systemId) => _systemIds is null || (systemId is not null && _systemIds.Contains(systemId, StringComparer.Ordinal));

    /// <summary>Rows of systems in scope: <paramref name="systemId"/> selects the row's system id (translated to SQL).</summary>
    public IQueryable<T> Filter<T>(IQueryable<T> rows, Expression<Func<T, string>> systemId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(systemId);
        if (_systemIds is null)
            return rows;
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Constant(_systemIds), systemId.Body);
        return rows.Where(Expression.Lambda<Func<T, bool>>(contains, systemId.Parameters));
    }

    /// <summary>In-memory rows of systems in scope.</summary>
    public IEnumerable<T> Filter<T>(IEnumerable<T> rows, Func<T, string> systemId) => _systemIds is null ? rows : rows.Where(r => Includes(systemId(r)));
}

/// <summary>What a route addresses, so a read of one record can be checked against the caller's <see cref="ReadScope"/>.</summary>
public enum ReadSubject { System, Dataset, Evidence, Review, Waiver, Risk, Incident, Action, Decision, ReviewItem, Alert }
