using Attest.Core.Features.Training;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
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
        var (content, fileName, problem) = await UploadedFile.ReadAsync(http, "the training CSV", ["text/csv"], ImportTrainingRecords.MaxBytes, ct);
        if (problem is not null) return problem;
        return ApiResults.Map(await useCase.ExecuteAsync(content, fileName, Callers.Of(http), ct), TypedResults.Ok);
    }
}
