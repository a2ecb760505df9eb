using System.Globalization;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Identity;
using Attest.Web.Hosting;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Attest.Web.Api;

internal static class EvidenceApi
{
    /// <summary>Multipart requests carry boundaries and metadata fields beside the file.</summary>
    public const long MultipartOverheadBytes = 1024 * 1024;

    public static void MapEvidenceApi(this RouteGroupBuilder api, AttestOptions options)
    {
        var limit = options.MaxEvidenceBytes + MultipartOverheadBytes;
        var systems = api.MapGroup("/systems/{idOrSlug}").WithTags("Evidence");
        systems.MapPost("/evidence", Add).Requires(Permissions.EvidenceWrite)
            .WithMetadata(new RequestSizeLimitAttribute(limit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit })
            // API callers authenticate with bearer tokens; the UI's upload form carries its own antiforgery token.
            .DisableAntiforgery()
            .Accepts<EvidenceUploadForm>("multipart/form-data")
            .Produces<EvidenceDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        systems.MapGet("/evidence", List).Requires(Permissions.EvidenceRead)
            .Produces<IReadOnlyList<EvidenceDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapGet("/evidence/status", Status).Requires(Permissions.EvidenceRead)
            .Produces<SystemEvidenceView>().ProducesProblem(StatusCodes.Status404NotFound);

        var evidence = api.MapGroup("/evidence").WithTags("Evidence");
        evidence.MapGet("/{evidenceId}", Get).Requires(Permissions.EvidenceRead)
            .Produces<EvidenceDto>().ProducesProblem(StatusCodes.Status404NotFound);
        evidence.MapGet("/{evidenceId}/content", Content).Requires(Permissions.EvidenceRead)
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        evidence.MapPost("/{evidenceId}/retire", Retire).Requires(Permissions.EvidenceWrite)
            .Produces<EvidenceDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/portfolio/evidence", Portfolio).WithTags("Evidence").Requires(Permissions.EvidenceRead)
            .Produces<IReadOnlyList<PortfolioEvidenceLine>>();
    }

    private static async Task<IResult> Add(string idOrSlug, AddEvidence useCase, HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
            return Invalid("file", "send multipart/form-data with a 'file' part and the metadata fields");
        var (form, malformed) = await MultipartForms.ReadAsync(http, ct);
        if (malformed is not null) return malformed;
        var (input, file, problem) = EvidenceUploadForm.Read(form);
        if (problem is not null) return problem;
        await using var content = file!.OpenReadStream();
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input!, content, Callers.Of(http), ct),
            e => TypedResults.Created($"/api/v1/evidence/{e.Id}", e));
    }

    private static async Task<IResult> List(string idOrSlug, ListSystemEvidence useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Status(string idOrSlug, GetSystemEvidenceStatus useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Portfolio(GetPortfolioEvidenceStatus useCase, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct));

    private static async Task<IResult> Get(string evidenceId, GetEvidence useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(evidenceId, ct), TypedResults.Ok);

    private static async Task<IResult> Content(string evidenceId, GetEvidenceContent useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(evidenceId, ct), c =>
            TypedResults.Stream(c.Open(), c.MediaType, c.FileName, entityTag: new EntityTagHeaderValue($"\"{c.Sha256}\"")));

    private static async Task<IResult> Retire(string evidenceId, RetireEvidenceInput input, RetireEvidence useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(evidenceId, input, Callers.Of(http), ct), TypedResults.Ok);

    internal static IResult Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }, $"{field}: {problem}", title: "Invalid request");
}

/// <summary>
/// The multipart form of an evidence upload: a <c>file</c> part and the metadata as fields (repeat
/// <c>controls</c>, <c>model_versions</c> and <c>datasets</c> for several values).
/// </summary>
public sealed record EvidenceUploadForm
{
    public IFormFile? File { get; init; }
    public string? Type { get; init; }
    public IReadOnlyList<string>? Controls { get; init; }
    public IReadOnlyList<string>? ModelVersions { get; init; }
    public IReadOnlyList<string>? Datasets { get; init; }
    public string? Summary { get; init; }
    public string? Method { get; init; }
    /// <summary>yyyy-MM-dd.</summary>
    public string? ValidUntil { get; init; }
    /// <summary>ISO 8601 date and time with offset.</summary>
    public string? ProducedAt { get; init; }
    public string? Supersedes { get; init; }

    private static readonly HashSet<string> Known = ["_handler", "file", "type", "controls", "model_versions", "datasets", "summary", "method", "valid_until", "produced_at", "supersedes", "__RequestVerificationToken"];

    internal static (EvidenceInput? Input, IFormFile? File, IResult? Problem) Read(IFormCollection form)
    {
        var (input, file, errors) = Parse(form);
        return errors.Count > 0
            ? (null, null, TypedResults.ValidationProblem(errors, "One or more fields are invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")), title: "Invalid request"))
            : (input, file, null);
    }

    /// <summary>The form's fields as an evidence input, or the problems of each field.</summary>
    internal static (EvidenceInput? Input, IFormFile? File, Dictionary<string, string[]> Errors) Parse(IFormCollection form)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var key in form.Keys.Where(k => !Known.Contains(k)))
            errors[key] = ["is not a field of an evidence upload"];
        foreach (var file in form.Files.Where(f => f.Name != "file"))
            errors[file.Name] = ["is not a field of an evidence upload; send the content as 'file'"];
        var content = form.Files.GetFile("file");
        if (content is null) errors["file"] = ["is required"];
        DateOnly? validUntil = null;
        if (!string.IsNullOrWhiteSpace(form["valid_until"]))
        {
            if (DateOnly.TryParseExact(form["valid_until"].ToString().Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) validUntil = d;
            else errors["valid_until"] = ["must be a date as yyyy-MM-dd"];
        }
        DateTimeOffset? producedAt = null;
        if (!string.IsNullOrWhiteSpace(form["produced_at"]))
        {
            if (DateTimeOffset.TryParse(form["produced_at"].ToString().Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) producedAt = t.ToUniversalTime();
            else errors["produced_at"] = ["must be an ISO 8601 date and time such as 2026-03-01T09:00:00Z"];
        }
        if (errors.Count > 0)
            return (null, null, errors);
        var input = new EvidenceInput
        {
            Type = Value(form, "type"),
            Controls = Values(form, "controls"),
            ModelVersions = Values(form, "model_versions"),
            Datasets = Values(form, "datasets"),
            Summary = Value(form, "summary"),
            Method = Value(form, "method"),
            ValidUntil = validUntil,
            ProducedAt = producedAt,
            Supersedes = Value(form, "supersedes"),
            FileName = content!.FileName,
            MediaType = string.IsNullOrWhiteSpace(content.ContentType) ? null : content.ContentType,
        };
        return (input, content, errors);
    }

    private static string? Value(IFormCollection form, string key) => string.IsNullOrWhiteSpace(form[key]) ? null : form[key].ToString();

    private static string[] Values(IFormCollection form, string key) =>
        form[key].Where(v => !string.IsNullOrWhiteSpace(v)).SelectMany(v => v!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
}

/// <summary>Reading multipart bodies without turning a malformed one into a 500.</summary>
internal static class MultipartForms
{
    /// <summary>The form, or a 400 problem naming what is wrong with the body (no boundary, truncated, not multipart at all).</summary>
    public static async Task<(IFormCollection Form, IResult? Problem)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            return (await http.Request.ReadFormAsync(ct), null);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException
                                      || e is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest })
        {
            return (FormCollection.Empty, TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["file"] = [$"the multipart body is malformed: {e.Message.TrimEnd('.')}"] },
                $"The request body is not a well-formed multipart/form-data message ({e.Message.TrimEnd('.')}). Send a 'file' part and the metadata fields.",
                title: "Malformed multipart body"));
        }
    }

    /// <summary>A stored media type fit for a response header; anything malformed is served as bytes.</summary>
    public static string SafeMediaType(string? mediaType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(mediaType, out var parsed) && !mediaType!.Any(char.IsControl) ? parsed.ToString() : "application/octet-stream";
}
