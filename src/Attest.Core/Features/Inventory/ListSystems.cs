using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

public sealed record SystemFilter
{
    public LifecycleStage? Stage { get; init; }
    /// <summary>Matches business or technical owner (case-insensitive substring).</summary>
    public string? Owner { get; init; }
    public string? Tier { get; init; }
    public string? EuAiActClass { get; init; }
    public string? BusinessUnit { get; init; }
    /// <summary>Free text over name, slug, purpose and business unit.</summary>
    public string? Query { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    public const int MaxPageSize = 500;
}

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);

/// <summary>The inventory list of the systems in the caller's read scope: filtered, ordered by name, paginated.</summary>
public sealed class ListSystems(AttestDbContext db)
{
    public async Task<Result<PagedList<SystemSummary>>> ExecuteAsync(SystemFilter filter, ReadScope scope, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (filter.Page < 1) errors.Add("page", "must be 1 or more");
        if (filter.PageSize is < 1 or > SystemFilter.MaxPageSize) errors.Add("page_size", $"must be between 1 and {SystemFilter.MaxPageSize}");
        if (filter.Tier is { } tier && !Vocabulary.TierFilters.Contains(tier)) errors.Add("tier", $"must be one of {string.Join(" | ", Vocabulary.TierFilters)}");
        if (filter.EuAiActClass is { } cls && !Vocabulary.ClassFilters.Contains(cls)) errors.Add("eu_ai_act_class", $"must be one of {string.Join(" | ", Vocabulary.ClassFilters)}");
        if (errors.Any) return errors.ToResult<PagedList<SystemSummary>>();

        ArgumentNullException.ThrowIfNull(scope);
        var query = scope.Filter(db.Systems.AsNoTracking(), s => s.Id);
        if (filter.Stage is { } stage) query = query.Where(s => s.Stage == stage);
        if (filter.Tier is { } t) query = query.Where(s => s.Tier == t);
        if (filter.EuAiActClass is { } c) query = query.Where(s => s.EuAiActClass == c);
        if (!string.IsNullOrWhiteSpace(filter.BusinessUnit)) query = query.Where(s => s.BusinessUnit == filter.BusinessUnit);
        if (!string.IsNullOrWhiteSpace(filter.Owner))
        {
            var owner = filter.Owner.Trim().ToLowerInvariant();
            query = query.Where(s => s.BusinessOwner.ToLower().Contains(owner) || s.TechnicalOwner.ToLower().Contains(owner));
        }
        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            var q = filter.Query.Trim().ToLowerInvariant();
            query = query.Where(s => s.Name.ToLower().Contains(q) || s.Slug.Contains(q) || s.Purpose.ToLower().Contains(q) || s.BusinessUnit.ToLower().Contains(q));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderBy(s => s.Name).ThenBy(s => s.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)
            .Select(s => new SystemSummary(s.Id, s.Slug, s.Name, s.Stage, s.BusinessOwner, s.TechnicalOwner, s.BusinessUnit,
                s.EuAiActClass, s.Tier, s.ModelVersions.Count, s.Deployments.Count, s.UpdatedAt, s.Version))
            .ToListAsync(ct);
        return Result<PagedList<SystemSummary>>.Ok(new PagedList<SystemSummary>(items, total, filter.Page, filter.PageSize));
    }
}
