using Attest.Core.Features.Training;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Attest.Web.Api;

/// <summary>Training records for the training_completion KPI (docs/kpis.md).</summary>
internal static class TrainingApi
{
    /// <summary>The CSV's own cap plus room for a multipart envelope.</summary>
    private const long Limit = ImportTrainingRecords.MaxBytes + EvidenceApi.MultipartOverheadBytes;

    public static void MapTrainingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/training/records", Import).WithTags("Training")
            .Requires(Permissions.TrainingImport)
            .WithMetadata(new RequestSizeLimitAttribute(Limit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = Limit })
            // Bearer-token callers; the session cookie is SameSite=Lax, so other sites cannot post with it.
            .DisableAntiforgery()
            // The body is described for OpenAPI only: an Accepts(...) declaration would make routing answer 415 to a wrong
            // content type before authorization, telling a caller without the permission that the endpoint exists.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The training CSV: person, role, course, completed_at (and optionally business_unit)." },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<TrainingImportResult>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    /// <summary>The CSV as the request body (text/csv), or as the <c>file</c> part of a multipart form.</summary>
    private static async Task<IResult> Import(ImportTrainingRecords useCase, HttpContext http, CancellationToken ct)
    {
        byte[] content;
        string? fileName = null;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var (form, malformed) = await MultipartForms.ReadAsync(http, ct);
                if (malformed is not null) return malformed;
                if (form.Files.GetFile("file") is not { } file)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["is required: the training CSV"] }, "file: is required", title: "Invalid request");
                if (file.Length > ImportTrainingRecords.MaxBytes)
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"is {file.Length} bytes; a training CSV may hold at most {ImportTrainingRecords.MaxBytes / (1024 * 1024)} MiB"] }, title: "Invalid request");
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
                fileName = file.FileName;
            }
            else if (MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) && string.Equals(type.MediaType.Value, "text/csv", StringComparison.OrdinalIgnoreCase))
            {
                using var buffer = new MemoryStream();
                await http.Request.Body.CopyToAsync(buffer, ct);
                content = buffer.ToArray();
            }
            else
            {
                return TypedResults.Problem($"Send the CSV as text/csv, or as the 'file' part of multipart/form-data; got {http.Request.ContentType ?? "no content type"}.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
            }
        }
        catch (BadHttpRequestException e)
        {
            return TypedResults.Problem(e.Message, statusCode: e.StatusCode, title: "Invalid request body");
        }
        return ApiResults.Map(await useCase.ExecuteAsync(content, fileName, Callers.Of(http), ct), TypedResults.Ok);
    }
}
