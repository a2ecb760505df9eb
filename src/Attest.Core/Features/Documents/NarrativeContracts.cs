using Attest.Core.Data;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Which document a caller means: the kind (model-card, system-card, annex-iv on a system; datasheet on a dataset),
/// the system or dataset, and for a model card the model version (default: the current one).
/// </summary>
public sealed record DocumentRef(string? Kind, string SubjectIdOrSlug, string? ModelVersion = null, bool OfDataset = false);

/// <summary>A document's sections for authors: what is generated from the records (read-only) and what they wrote.</summary>
public sealed record DocumentSectionsView(string Kind, string Title, string SubjectType, string SubjectId, string Subject, double Completeness,
    IReadOnlyList<string> Missing, IReadOnlyList<NarrativeSectionView> Sections);

/// <param name="Filled">Counts as filled: generated from the records, or narrative where <paramref name="NarrativeFills"/>.</param>
/// <param name="GeneratedFilled">Whether the records fill the generated part.</param>
/// <param name="NarrativeFills">Whether narrative text counts as filling this section when the records do not.</param>
/// <param name="Generated">The generated part (Markdown); when not filled, what would fill it.</param>
/// <param name="Narrative">The current narrative (Markdown); null when none.</param>
/// <param name="Version">The current revision number (0 before the first save): send it back as If-Match or <c>version</c>.</param>
public sealed record NarrativeSectionView(string Id, string Title, bool Filled, bool GeneratedFilled, bool NarrativeFills, string Generated,
    string? Narrative, int Version, string? UpdatedBy, DateTimeOffset? UpdatedAt, string? Source);

/// <summary>The body of a narrative save: the Markdown text (empty removes the narrative) and, optionally, the version it replaces.</summary>
public sealed record NarrativeInput
{
    public string? Text { get; init; }
    public int? Version { get; init; }
}

/// <summary>One saved revision of a section's narrative.</summary>
public sealed record NarrativeDto(string Document, string Section, string SubjectType, string SubjectId, string Subject, int Version,
    string Text, string Sha256, string Source, string UpdatedBy, DateTimeOffset UpdatedAt)
{
    internal static NarrativeDto From(DocumentNarrativeRevision r, string subject) =>
        new(r.DocumentKind, r.SectionId, r.SubjectType, r.SubjectId, subject, r.Revision, r.Text, r.Sha256, r.Source, r.CreatedBy, r.CreatedAt);
}
