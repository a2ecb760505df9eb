using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Data;

/// <summary>
/// One revision of an author's narrative text for one section of a generated document (model card, system card,
/// Annex IV outline, datasheet) about one subject. Rows are only ever added: the newest revision is the current text,
/// the older ones are its history. The generated part of the section is never stored here.
/// </summary>
public sealed class DocumentNarrativeRevision
{
    public required string Id { get; set; }
    /// <summary>model_card, system_card, annex_iv or datasheet.</summary>
    public required string DocumentKind { get; set; }
    /// <summary>system, model_version or dataset.</summary>
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    /// <summary>The system the subject belongs to; null for a dataset.</summary>
    public string? SystemId { get; set; }
    public required string SectionId { get; set; }
    /// <summary>1, 2, 3 … per (document, subject, section); the version clients send back to save over it.</summary>
    public int Revision { get; set; }
    /// <summary>Markdown; empty when the author removed the narrative.</summary>
    public required string Text { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>author (typed in the UI or sent to the API) or hugging_face_import.</summary>
    public required string Source { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Table mapping of document narratives.</summary>
internal static class DocumentNarrativeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<DocumentNarrativeRevision>(e =>
        {
            e.ToTable("document_narratives");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.DocumentKind).HasMaxLength(32);
            e.Property(x => x.SubjectType).HasMaxLength(32);
            e.Property(x => x.SubjectId).HasMaxLength(40);
            e.Property(x => x.SystemId).HasMaxLength(40);
            e.Property(x => x.SectionId).HasMaxLength(64);
            e.Property(x => x.Sha256).HasMaxLength(64);
            e.Property(x => x.Source).HasMaxLength(32);
            e.Property(x => x.CreatedBy).HasMaxLength(200);
            // No foreign keys, like evidence: the history of what authors wrote outlives the subject (the ledger names both).
            // The unique index also refuses two concurrent saves of the same revision.
            e.HasIndex(x => new { x.DocumentKind, x.SubjectId, x.SectionId, x.Revision }).IsUnique();
            e.HasIndex(x => x.SystemId);
        });
    }
}
