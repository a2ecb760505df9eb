using System.Text.Json.Nodes;
using Attest.Core.Features.Documents;
using Attest.Web.Hosting;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
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
        byte[] content;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var (form, malformed) = await MultipartForms.ReadAsync(http, ct);
                if (malformed is not null) return malformed;
                if (form.Files.GetFile("file") is not { } file)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["is required: the CycloneDX JSON BOM"] }, "file: is required", title: "Invalid request");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && BomMediaTypes.Contains(type.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            {
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else
            {
                return TypedResults.Problem($"Send the BOM as application/json or application/vnd.cyclonedx+json, or as the 'file' part of multipart/form-data; got {http.Request.ContentType ?? "no content type"}.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
            }
        }
        catch (BadHttpRequestException e)
        {
            // The body outgrew the limit while it was read (no Content-Length up front).
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Invalid request body");
        }
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, content, Callers.Of(http), ct), TypedResults.Ok);
    }
}
