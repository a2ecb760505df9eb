using Attest.Core.Common;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>The history of one section's narrative: every saved revision, newest first.</summary>
public sealed class ListNarrativeRevisions(AttestDbContext db)
{
    public async Task<Result<IReadOnlyList<NarrativeDto>>> ExecuteAsync(DocumentRef document, string section, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        var resolved = await DocumentNarratives.ResolveAsync(db, document, ct);
        if (!resolved.IsOk) return resolved.As<IReadOnlyList<NarrativeDto>>();
        var target = resolved.Value!;
        if (!target.Kind.Sections.Contains(section))
            return Result<IReadOnlyList<NarrativeDto>>.NotFound($"The {target.Kind.UrlName} has no section '{section}': one of {string.Join(", ", target.Kind.Sections)}.");
        var revisions = await db.DocumentNarratives.AsNoTracking()
            .Where(n => n.DocumentKind == target.Kind.Id && n.SubjectId == target.SubjectId && n.SectionId == section)
            .OrderByDescending(n => n.Revision).ToListAsync(ct);
        return Result<IReadOnlyList<NarrativeDto>>.Ok(revisions.Select(r => NarrativeDto.From(r, target.SubjectLabel)).ToArray());
    }
}
