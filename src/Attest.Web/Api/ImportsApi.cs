using System.Text.Json.Nodes;
using Attest.Core.Features.Documents;
using Attest.Web.Hosting;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Attest.Web.Api;

/// <summary>Imports of documents other tools produce into a system's records.</summary>
internal static class ImportsApi
{
    public static void MapImportsApi(this RouteGroupBuilder api, AttestOptions options)
    {
        // A vendor BOM may carry base64 images in its model cards: it gets the evidence upload limit, not the JSON one.
        var limit = options.MaxEvidenceBytes + EvidenceApi.MultipartOverheadBytes;
        api.MapPost("/systems/{idOrSlug}/imports/cyclonedx", CycloneDx).WithTags("Imports")
            .Requires(Permissions.InventoryWrite)
            .WithMetadata(new RequestSizeLimitAttribute(limit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit })
            // Bearer-token callers; the session cookie is SameSite=Lax, so other sites cannot post with it.
            .DisableAntiforgery()
            .Accepts<JsonObject>("application/json", "application/vnd.cyclonedx+json", "multipart/form-data")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // Accepts gives every media type the JSON body's schema; the multipart form carries the BOM as its file part.
                if (operation.RequestBody?.Content?.TryGetValue("multipart/form-data", out var multipart) == true)
                {
                    multipart.Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The CycloneDX JSON BOM." },
                        },
                    };
                }
                return Task.CompletedTask;
            })
            .Produces<BomImportResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static readonly string[] BomMediaTypes = ["application/json", "application/vnd.cyclonedx+json"];

    /// <summary>The BOM as the request body (JSON), or as the <c>file</c> part of a multipart form.</summary>
    private static async Task<IResult> CycloneDx(string idOrSlug, ImportCycloneDxBom useCase, HttpContext http, CancellationToken ct)
    {
        var (content, _, problem) = await UploadedFile.ReadAsync(http, "the CycloneDX JSON BOM", BomMediaTypes, maxBytes: null, ct);
        if (problem is not null) return problem;
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, content, Callers.Of(http), ct), TypedResults.Ok);
    }
}
