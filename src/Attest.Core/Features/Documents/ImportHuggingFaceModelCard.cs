using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>What an import wrote: the evidence, the model version as it is now, and the model-card sections that got imported narrative.</summary>
public sealed record HuggingFaceImportDto(EvidenceDto Evidence, ModelVersionDto ModelVersion, IReadOnlyList<string> NarrativeSections);

/// <summary>
/// Imports a Hugging Face model card (YAML front matter + Markdown) for a model version, in one transaction: the card
/// as <c>model_card</c> evidence; its licence into the model version's <c>license</c> and the rest of its metadata (base
/// model, datasets, languages, tags, pipeline tag, library, model-index results) into the model version's
/// <c>imported_metadata</c> (<c>model_version.updated</c>); and its Markdown sections as narrative of the matching
/// model-card sections (<c>document.narrative_saved</c>, source <c>hugging_face_import</c>). A bad card writes nothing.
/// </summary>
public sealed class ImportHuggingFaceModelCard(AttestDbContext db, AddEvidence add, IdGenerator ids)
{
    public async Task<Result<HuggingFaceImportDto>> ExecuteAsync(string systemIdOrSlug, string modelVersion, byte[] content, string fileName, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        var card = HuggingFaceModelCard.TryParse(content, out var problem);
        if (card is null) return Result<HuggingFaceImportDto>.Invalid("file", problem!);

        ModelVersionDto? updated = null;
        var imported = new List<string>();
        var evidence = await add.ExecuteAsync(systemIdOrSlug, new EvidenceInput
        {
            Type = "model_card",
            ModelVersions = [modelVersion],
            Summary = card.Summary.Length > AddEvidence.MaxSummaryLength ? card.Summary[..AddEvidence.MaxSummaryLength] : card.Summary,
            Method = "upload",
            FileName = fileName,
            MediaType = "text/markdown",
        }, new MemoryStream(content, writable: false), caller, async (change, item) =>
        {
            var system = change.System;
            updated = await UpdateModelVersionAsync(change, item, card, ct);
            var target = new DocumentTarget(DocumentKind.ModelCard, updated.Id, $"{updated.Name}@{updated.Version}", system.Id, system.Slug, updated.Id);
            var current = await DocumentNarratives.CurrentAsync(db, DocumentKind.ModelCard.Id, updated.Id, ct);
            foreach (var section in card.Sections)
            {
                // Importing the same card again adds no revisions.
                if (current.TryGetValue(section.SectionId, out var existing) && existing.Text == section.Text) continue;
                await DocumentNarratives.AppendAsync(db, change, ids, target, section.SectionId, section.Text, "hugging_face_import", ct);
                imported.Add(section.SectionId);
            }
            return null;
        }, ct);
        return evidence.IsOk ? Result<HuggingFaceImportDto>.Ok(new HuggingFaceImportDto(evidence.Value!, updated!, imported)) : evidence.As<HuggingFaceImportDto>();
    }

    private async Task<ModelVersionDto> UpdateModelVersionAsync(GovernedChange change, EvidenceDto item, HuggingFaceModelCard card, CancellationToken ct)
    {
        var system = change.System;
        var model = await db.ModelVersions.Include(m => m.TrainingDatasets).FirstAsync(m => m.Id == item.ModelVersions[0].Id, ct);
        var datasetIds = model.TrainingDatasets.Select(t => t.DatasetId).ToList();
        var datasets = await db.Datasets.AsNoTracking().Where(d => datasetIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, ct);
        var before = model.ToDto(system.Slug, datasets);
        var now = change.Now;
        var metadata = new JsonObject
        {
            ["source"] = "hugging_face_model_card",
            ["evidence_id"] = item.Id,
            ["sha256"] = item.Sha256,
            ["file_name"] = item.FileName,
            ["imported_at"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        };
        var fromCard = card.ToMetadata();
        foreach (var key in fromCard.Select(p => p.Key).ToList())
        {
            var value = fromCard[key];
            fromCard.Remove(key);
            metadata[key] = value;
        }
        if (card.License is not null) model.License = card.License;
        model.ImportedMetadataJson = metadata.ToJsonString();
        model.RowVersion++;
        model.UpdatedAt = now;
        system.UpdatedAt = now;
        system.Version++;
        var after = model.ToDto(system.Slug, datasets);
        await change.RecordAsync(LedgerActions.ModelVersionUpdated, new JsonObject
        {
            ["before"] = AttestJson.ToNode(before),
            ["after"] = AttestJson.ToNode(after),
            ["source"] = new JsonObject { ["hugging_face_model_card"] = item.Id },
        }, ct);
        return after;
    }
}
