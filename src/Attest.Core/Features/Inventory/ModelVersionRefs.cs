using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Inventory;

/// <summary>
/// The one rule for naming a system's model version in a request: its id, its name@version, or its bare version when
/// only one model has it. Deployments, gates, reviews, waivers, risks and incidents all resolve references this way.
/// </summary>
internal static class ModelVersionRefs
{
    /// <summary>As <see cref="ResolveAsync{T}"/>, for an optional reference: no reference is no version and no error.</summary>
    public static Task<(ModelVersion? Version, Result<T>? Error)> ResolveOptionalAsync<T>(AttestDbContext db, AiSystem system, string? reference, string field, CancellationToken ct) =>
        reference is null ? Task.FromResult<(ModelVersion?, Result<T>?)>((null, null)) : ResolveAsync<T>(db, system, reference, field, ct);

    /// <summary>A system's model version; an unknown or ambiguous reference is an error for <paramref name="field"/>.</summary>
    public static async Task<(ModelVersion? Version, Result<T>? Error)> ResolveAsync<T>(AttestDbContext db, AiSystem system, string reference, string field, CancellationToken ct)
    {
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.SystemId == system.Id).ToListAsync(ct);
        var (version, problem) = Match(system, versions, reference);
        return (version, problem is null ? null : Result<T>.Invalid(field, problem));
    }

    /// <summary>The version <paramref name="reference"/> names among <paramref name="versions"/>, or why none does.</summary>
    public static (ModelVersion? Version, string? Problem) Match(AiSystem system, IReadOnlyCollection<ModelVersion> versions, string reference)
    {
        var matches = versions.Where(v => v.Id == reference || v.Label == reference).ToList();
        if (matches.Count == 0)
            matches = versions.Where(v => v.Version == reference).ToList();
        if (matches.Count == 1)
            return (matches[0], null);
        return (null, matches.Count == 0
            ? $"AI system '{system.Slug}' has no model version '{reference}'"
                + (versions.Count == 0 ? " (it has none)." : $"; it has {string.Join(", ", versions.Select(v => v.Label).Order(StringComparer.Ordinal))}.")
            : $"'{reference}' matches {string.Join(", ", matches.Select(v => v.Label).Order(StringComparer.Ordinal))}; give name@version.");
    }
}
