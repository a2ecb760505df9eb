using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Governance;

namespace Attest.Core.Features.Documents;

/// <summary>
/// The sections of a generated document for its authors: each section's generated part (computed now from the
/// records), the current narrative and its version, and whether narrative text may fill the section.
/// </summary>
public sealed class GetDocumentSections(AttestDbContext db, GenerateModelCard modelCard, GenerateSystemCard systemCard,
    GenerateAnnexIvOutline annexIv, GenerateDatasheet datasheet)
{
    public async Task<Result<DocumentSectionsView>> ExecuteAsync(DocumentRef document, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(document);
        var resolved = await DocumentNarratives.ResolveAsync(db, document, ct);
        if (!resolved.IsOk) return resolved.As<DocumentSectionsView>();
        var target = resolved.Value!;
        var generated = target.Kind.Id switch
        {
            "model_card" => await modelCard.ExecuteAsync(target.GeneratorSubject, target.ModelVersionId, ct),
            "system_card" => await systemCard.ExecuteAsync(target.GeneratorSubject, ct),
            "annex_iv" => await annexIv.ExecuteAsync(target.GeneratorSubject, ct),
            _ => await datasheet.ExecuteAsync(target.GeneratorSubject, scope, ct),
        };
        if (!generated.IsOk) return generated.As<DocumentSectionsView>();
        var doc = generated.Value!;
        var current = await DocumentNarratives.CurrentAsync(db, target.Kind.Id, target.SubjectId, ct);
        var sections = doc.Sections.Select(s =>
        {
            var n = current.GetValueOrDefault(s.Id);
            return new NarrativeSectionView(s.Id, s.Title, s.IsFilled, s.Filled, target.Kind.NarrativeFills.Contains(s.Id), s.Markdown,
                n is null || n.Text.Length == 0 ? null : n.Text, n?.Revision ?? 0, n?.CreatedBy, n?.CreatedAt, n?.Source);
        }).ToArray();
        return Result<DocumentSectionsView>.Ok(new DocumentSectionsView(target.Kind.UrlName, doc.Title, target.Kind.SubjectType, target.SubjectId,
            target.SubjectLabel, doc.Completeness, doc.Missing, sections));
    }
}
