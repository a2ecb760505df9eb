using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>Resources are addressed by id or by slug, whichever the caller has.</summary>
internal static class Lookup
{
    public static IQueryable<AiSystem> WhereIdOrSlug(this IQueryable<AiSystem> systems, string idOrSlug) =>
        systems.Where(s => s.Id == idOrSlug || s.Slug == idOrSlug);

    public static IQueryable<Dataset> WhereIdOrSlug(this IQueryable<Dataset> datasets, string idOrSlug) =>
        datasets.Where(d => d.Id == idOrSlug || d.Slug == idOrSlug);

    public static Task<AiSystem?> FindSystemAsync(this AttestDbContext db, string idOrSlug, CancellationToken ct) =>
        db.Systems.WhereIdOrSlug(idOrSlug).FirstOrDefaultAsync(ct);

    /// <summary>Resolves dataset references (ids or slugs); reports each unknown one against <paramref name="field"/>.</summary>
    public static async Task<List<Dataset>> ResolveDatasetsAsync(this AttestDbContext db, IReadOnlyList<string> refs, string field, Common.FieldErrors errors, CancellationToken ct)
    {
        var found = await db.Datasets.Where(d => refs.Contains(d.Id) || refs.Contains(d.Slug)).ToListAsync(ct);
        for (var i = 0; i < refs.Count; i++)
        {
            if (!found.Any(d => d.Id == refs[i] || d.Slug == refs[i]))
                errors.Add($"{field}[{i}]", $"no dataset with id or slug '{refs[i]}'");
        }
        return found;
    }
}
