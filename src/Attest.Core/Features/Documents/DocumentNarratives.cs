using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>A resolved <see cref="DocumentRef"/>: the subject narrative is stored against and where its ledger entries go.</summary>
internal sealed record DocumentTarget(DocumentKind Kind, string SubjectId, string SubjectLabel, string? SystemId, string GeneratorSubject, string? ModelVersionId);

/// <summary>Reading and appending narrative revisions; callers own the transaction.</summary>
internal static class DocumentNarratives
{
    public const int MaxLength = DocumentNarrativeLimits.MaxLength;

    public static readonly string[] Sources = ["author", "hugging_face_import"];

    public static async Task<Result<DocumentTarget>> ResolveAsync(AttestDbContext db, DocumentRef document, CancellationToken ct)
    {
        var kind = DocumentKind.Find(document.Kind);
        var allowed = document.OfDataset ? "datasheet" : "model-card, system-card, annex-iv";
        if (kind is null || (kind.Subject == NarrativeSubject.Dataset) != document.OfDataset)
            return Result<DocumentTarget>.NotFound($"No document '{document.Kind}' for a {(document.OfDataset ? "dataset" : "system")}: one of {allowed}.");
        if (document.OfDataset)
        {
            var dataset = await db.Datasets.AsNoTracking().WhereIdOrSlug(document.SubjectIdOrSlug).FirstOrDefaultAsync(ct);
            return dataset is null
                ? Result<DocumentTarget>.NotFound($"No dataset '{document.SubjectIdOrSlug}'.")
                : Result<DocumentTarget>.Ok(new DocumentTarget(kind, dataset.Id, dataset.Slug, null, dataset.Slug, null));
        }
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(document.SubjectIdOrSlug).FirstOrDefaultAsync(ct);
        if (system is null) return Result<DocumentTarget>.NotFound($"No AI system '{document.SubjectIdOrSlug}'.");
        if (kind.Subject == NarrativeSubject.System)
            return Result<DocumentTarget>.Ok(new DocumentTarget(kind, system.Id, system.Slug, system.Id, system.Slug, null));
        var models = await db.ModelVersions.AsNoTracking().Where(m => m.SystemId == system.Id).ToListAsync(ct);
        ModelVersion? model;
        if (document.ModelVersion is null)
        {
            var current = await SystemEvidenceFacts.CurrentModelVersionAsync(db, system.Id, ct);
            model = models.FirstOrDefault(m => m.Id == current);
            if (model is null) return Result<DocumentTarget>.Invalid("model_version", $"system '{system.Slug}' has no model versions");
        }
        else
        {
            model = models.FirstOrDefault(m => m.Id == document.ModelVersion || m.Label == document.ModelVersion);
            if (model is null) return Result<DocumentTarget>.Invalid("model_version", $"system '{system.Slug}' has no model version '{document.ModelVersion}'");
        }
        return Result<DocumentTarget>.Ok(new DocumentTarget(kind, model.Id, model.Label, system.Id, system.Slug, model.Id));
    }

    /// <summary>The newest revision of each section of one document about one subject.</summary>
    public static async Task<IReadOnlyDictionary<string, DocumentNarrativeRevision>> CurrentAsync(AttestDbContext db, string kind, string subjectId, CancellationToken ct) =>
        (await db.DocumentNarratives.AsNoTracking().Where(n => n.DocumentKind == kind && n.SubjectId == subjectId).ToListAsync(ct))
            .GroupBy(n => n.SectionId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(n => n.Revision)!, StringComparer.Ordinal);

    /// <summary>The current narrative text of each section that has one (for the generators).</summary>
    public static async Task<IReadOnlyDictionary<string, string>> TextsAsync(AttestDbContext db, string kind, string subjectId, CancellationToken ct) =>
        (await CurrentAsync(db, kind, subjectId, ct)).Where(p => p.Value.Text.Length > 0).ToDictionary(p => p.Key, p => p.Value.Text, StringComparer.Ordinal);

    /// <summary>Adds the next revision of a section's narrative and its <c>document.narrative_saved</c> ledger entry (about the system, or the dataset of a datasheet).</summary>
    public static async Task<DocumentNarrativeRevision> AppendAsync(AttestDbContext db, GovernedChange change, IdGenerator ids,
        DocumentTarget target, string sectionId, string text, string source, CancellationToken ct)
    {
        var current = await db.DocumentNarratives.Where(n => n.DocumentKind == target.Kind.Id && n.SubjectId == target.SubjectId && n.SectionId == sectionId)
            .Select(n => (int?)n.Revision).MaxAsync(ct) ?? 0;
        var now = change.Now;
        var revision = new DocumentNarrativeRevision
        {
            Id = ids.New("nar"),
            DocumentKind = target.Kind.Id,
            SubjectType = target.Kind.SubjectType,
            SubjectId = target.SubjectId,
            SystemId = target.SystemId,
            SectionId = sectionId,
            Revision = current + 1,
            Text = text,
            Sha256 = Sha256(text),
            Source = source,
            CreatedBy = change.Actor.Id,
            CreatedAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
        };
        db.DocumentNarratives.Add(revision);
        var payload = new JsonObject
        {
            ["document"] = target.Kind.Id,
            ["section"] = sectionId,
            ["subject_type"] = target.Kind.SubjectType,
            ["subject_id"] = target.SubjectId,
            ["subject_label"] = target.SubjectLabel,
            ["version"] = revision.Revision,
            ["sha256"] = revision.Sha256,
            ["length"] = text.Length,
            ["source"] = source,
        };
        if (target.SystemId is null)
            await change.RecordAsync(LedgerActions.DatasetNarrativeSaved, change.Dataset!, payload, ct);
        else
            await change.RecordAsync(LedgerActions.SystemNarrativeSaved, payload, ct);
        return revision;
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
