using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

internal static class DocumentsApi
{
    public static void MapDocumentsApi(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/systems/{idOrSlug}/documents").WithTags("Documents");
        documents.MapGet("/model-card", ModelCard).Requires(Permissions.EvidenceRead)
            .Produces<DocumentSummary>(contentType: "application/json").Produces<string>(contentType: "text/markdown").Produces<string>(contentType: "text/html")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/system-card", SystemCard).Requires(Permissions.EvidenceRead)
            .Produces<DocumentSummary>(contentType: "application/json").Produces<string>(contentType: "text/markdown").Produces<string>(contentType: "text/html")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/annex-iv", AnnexIv).Requires(Permissions.EvidenceRead)
            .Produces<DocumentSummary>(contentType: "application/json").Produces<string>(contentType: "text/markdown").Produces<string>(contentType: "text/html")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{idOrSlug}/documents/datasheet", Datasheet).WithTags("Documents").Requires(Permissions.EvidenceRead)
            .Produces<DocumentSummary>(contentType: "application/json").Produces<string>(contentType: "text/markdown").Produces<string>(contentType: "text/html")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        // Authors' narrative per section: systems' documents under evidence.write (and system ownership), datasheets
        // under inventory.write like the dataset itself.
        documents.MapGet("/{kind}/sections", SystemSections).Requires(Permissions.EvidenceRead)
            .Produces<DocumentSectionsView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPut("/{kind}/sections/{section}", SaveSystemSection).Requires(Permissions.EvidenceWrite)
            .Produces<NarrativeDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        documents.MapGet("/{kind}/sections/{section}/revisions", SystemRevisions).Requires(Permissions.EvidenceRead)
            .Produces<ItemsResponse<NarrativeDto>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{idOrSlug}/documents/{kind}/sections/{section}/revisions", DatasetRevisions).WithTags("Documents").Requires(Permissions.EvidenceRead)
            .Produces<ItemsResponse<NarrativeDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/datasets/{idOrSlug}/documents/{kind}/sections", DatasetSections).WithTags("Documents").Requires(Permissions.EvidenceRead)
            .Produces<DocumentSectionsView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/datasets/{idOrSlug}/documents/{kind}/sections/{section}", SaveDatasetSection).WithTags("Documents").Requires(Permissions.InventoryWrite)
            .Produces<NarrativeDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> SystemSections(string idOrSlug, string kind, [FromQuery(Name = "model_version")] string? modelVersion, GetDocumentSections useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(new DocumentRef(kind, idOrSlug, modelVersion), Callers.ReadScope(http), ct), v => TypedResults.Ok(v));

    private static async Task<IResult> DatasetSections(string idOrSlug, string kind, GetDocumentSections useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(new DocumentRef(kind, idOrSlug, OfDataset: true), Callers.ReadScope(http), ct), v => TypedResults.Ok(v));

    private static async Task<IResult> SystemRevisions(string idOrSlug, string kind, string section, [FromQuery(Name = "model_version")] string? modelVersion, ListNarrativeRevisions useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(new DocumentRef(kind, idOrSlug, modelVersion), section, ct), r => TypedResults.Ok(new ItemsResponse<NarrativeDto>(r, r.Count)));

    private static async Task<IResult> DatasetRevisions(string idOrSlug, string kind, string section, ListNarrativeRevisions useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(new DocumentRef(kind, idOrSlug, OfDataset: true), section, ct), r => TypedResults.Ok(new ItemsResponse<NarrativeDto>(r, r.Count)));

    private static Task<IResult> SaveSystemSection(string idOrSlug, string kind, string section, [FromQuery(Name = "model_version")] string? modelVersion, NarrativeInput input,
        SaveDocumentNarrative useCase, HttpContext http, CancellationToken ct) =>
        SaveAsync(new DocumentRef(kind, idOrSlug, modelVersion), section, input, useCase, http, ct);

    private static Task<IResult> SaveDatasetSection(string idOrSlug, string kind, string section, NarrativeInput input,
        SaveDocumentNarrative useCase, HttpContext http, CancellationToken ct) =>
        SaveAsync(new DocumentRef(kind, idOrSlug, OfDataset: true), section, input, useCase, http, ct);

    /// <summary>The version saved over comes from If-Match, else from the body's <c>version</c>; with neither the save is unconditional.</summary>
    private static async Task<IResult> SaveAsync(DocumentRef document, string section, NarrativeInput input, SaveDocumentNarrative useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(document, section, input, expected ?? input.Version, Callers.Of(http), ct),
            n => ApiResults.WithETag(http, n, n.Version));
    }

    private static async Task<IResult> ModelCard(string idOrSlug, string? format, [FromQuery(Name = "model_version")] string? modelVersion, GenerateModelCard useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, modelVersion, ct), format, http);

    private static async Task<IResult> SystemCard(string idOrSlug, string? format, GenerateSystemCard useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, ct), format, http);

    private static async Task<IResult> AnnexIv(string idOrSlug, string? format, GenerateAnnexIvOutline useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, ct), format, http);

    private static async Task<IResult> Datasheet(string idOrSlug, string? format, GenerateDatasheet useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, Callers.ReadScope(http), ct), format, http);

    /// <summary>md (default) or html as the document itself; json for the completeness score and missing sections.</summary>
    private static IResult Render(Result<GeneratedDocument> result, string? format, HttpContext http)
    {
        if (format is not (null or "md" or "html" or "json"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be md, html or json"] }, "format: must be md, html or json", title: "Invalid request");
        return ApiResults.Map(result, d =>
        {
            http.Response.Headers["X-Attest-Completeness"] = d.Completeness.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
            return format switch
            {
                "html" => TypedResults.Content(d.ToHtml(), "text/html; charset=utf-8"),
                "json" => TypedResults.Ok(new DocumentSummary(d.Kind, d.Title, d.Completeness, d.Missing,
                    d.Sections.Select(s => new DocumentSectionSummary(s.Id, s.Title, s.IsFilled)).ToArray())),
                _ => TypedResults.Content(d.ToMarkdown(), "text/markdown; charset=utf-8"),
            };
        });
    }
}

/// <summary>A generated document's completeness: the share of sections filled and the ids of those missing.</summary>
public sealed record DocumentSummary(string Kind, string Title, double Completeness, IReadOnlyList<string> Missing, IReadOnlyList<DocumentSectionSummary> Sections);

public sealed record DocumentSectionSummary(string Id, string Title, bool Filled);
