using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

internal static class ModelVersionRefs
{
    /// <summary>As <see cref="ResolveAsync{T}"/>, for an optional reference: no reference is no version and no error.</summary>
    public static Task<(ModelVersion? Version, Result<T>? Error)> ResolveOptionalAsync<T>(AttestDbContext db, AiSystem system, string? reference, string field, CancellationToken ct) =>
        reference is null ? Task.FromResult<(ModelVersion?, Result<T>?)>((null, null)) : ResolveAsync<T>(db, system, reference, field, ct);

    /// <summary>A system's model version by id, version or name@version; an unknown or ambiguous reference is an error for <paramref name="field"/>.</summary>
    public static async Task<(ModelVersion? Version, Result<T>? Error)> ResolveAsync<T>(AttestDbContext db, AiSystem system, string reference, string field, CancellationToken ct)
    {
        var versions = await db.ModelVersions.AsNoTracking().Where(v => v.SystemId == system.Id).ToListAsync(ct);
        var matches = versions.Where(v => v.Id == reference || v.Version == reference || v.Label == reference).ToList();
        if (matches.Count == 1)
            return (matches[0], null);
        return (null, matches.Count == 0
            ? Result<T>.Invalid(field, $"AI system '{system.Slug}' has no model version '{reference}'"
                + (versions.Count == 0 ? " (it has none)." : $"; it has {string.Join(", ", versions.Select(v => v.Label).Order(StringComparer.Ordinal))}."))
            : Result<T>.Invalid(field, $"'{reference}' matches {string.Join(", ", matches.Select(v => v.Label))}; give name@version."));
    }
}
