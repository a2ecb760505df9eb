using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Imports a Hugging Face model card (YAML front matter + Markdown) for a model version: checks the front
/// matter, and stores the card as <c>model_card</c> evidence of that model version, its metadata (licence,
/// base model, datasets, model-index results) in the evidence summary.
/// </summary>
public sealed class ImportHuggingFaceModelCard(AttestDbContext db, AddEvidence add)
{
    public async Task<Result<EvidenceDto>> ExecuteAsync(string systemIdOrSlug, string modelVersion, byte[] content, string fileName, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await db.FindSystemAsync(systemIdOrSlug, ct) is null) return Result<EvidenceDto>.NotFound($"No AI system '{systemIdOrSlug}'.");
        var card = HuggingFaceModelCard.TryParse(content, out var problem);
        if (card is null) return Result<EvidenceDto>.Invalid("file", problem!);
        return await add.ExecuteAsync(systemIdOrSlug, new EvidenceInput
        {
            Type = "model_card",
            ModelVersions = [modelVersion],
            Summary = card.Summary.Length > AddEvidence.MaxSummaryLength ? card.Summary[..AddEvidence.MaxSummaryLength] : card.Summary,
            Method = "upload",
            FileName = fileName,
            MediaType = "text/markdown",
        }, new MemoryStream(content, writable: false), actor, ct);
    }
}
