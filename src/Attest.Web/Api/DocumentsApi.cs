using Attest.Core.Common;
using Attest.Core.Documents;
using Attest.Core.Features.Documents;

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
    }

    private static async Task<IResult> ModelCard(string idOrSlug, string? format, string? modelVersion, GenerateModelCard useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, modelVersion, ct), format, http);

    private static async Task<IResult> SystemCard(string idOrSlug, string? format, GenerateSystemCard useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, ct), format, http);

    private static async Task<IResult> AnnexIv(string idOrSlug, string? format, GenerateAnnexIvOutline useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, ct), format, http);

    private static async Task<IResult> Datasheet(string idOrSlug, string? format, GenerateDatasheet useCase, HttpContext http, CancellationToken ct) =>
        Render(await useCase.ExecuteAsync(idOrSlug, ct), format, http);

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
                    d.Sections.Select(s => new DocumentSectionSummary(s.Id, s.Title, s.Filled)).ToArray())),
                _ => TypedResults.Content(d.ToMarkdown(), "text/markdown; charset=utf-8"),
            };
        });
    }
}

/// <summary>A generated document's completeness: the share of sections filled and the ids of those missing.</summary>
public sealed record DocumentSummary(string Kind, string Title, double Completeness, IReadOnlyList<string> Missing, IReadOnlyList<DocumentSectionSummary> Sections);

public sealed record DocumentSectionSummary(string Id, string Title, bool Filled);
