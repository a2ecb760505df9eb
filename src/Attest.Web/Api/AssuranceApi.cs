using Attest.Core.Features.Assurance;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

/// <summary>
/// Customer assurance (docs/assurance.md): import a customer questionnaire for a system, read the proposed answers,
/// edit and approve them, export the filled questionnaire (CSV, XLSX) or the trust page (HTML); mark evidence shareable.
/// </summary>
internal static class AssuranceApi
{
    public static void MapAssuranceApi(this RouteGroupBuilder api)
    {
        const string tag = "Assurance";
        var questionnaires = api.MapGroup("/assurance/questionnaires").WithTags(tag);
        questionnaires.MapGet("", List).Requires(Permissions.AssuranceRead).Produces<IReadOnlyList<QuestionnaireSummaryDto>>();
        // The file is the request body as it is (CSV or XLSX bytes), named by file_name; the system by system.
        questionnaires.MapPost("", Import).Requires(Permissions.AssuranceWrite)
            .WithMetadata(new RequestSizeLimitAttribute(QuestionnaireImportLimit))
            .WithDescription("The questionnaire file (CSV or XLSX, at most 2 MB) is the request body; `system` names the AI system it is answered for, `file_name` the file (.csv or .xlsx).")
            .Produces<QuestionnaireDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        questionnaires.MapGet("/{questionnaireId}", Get).Requires(Permissions.AssuranceRead)
            .Produces<QuestionnaireDto>().ProducesProblem(StatusCodes.Status404NotFound);
        questionnaires.MapPut("/{questionnaireId}/answers/{answerId}", Edit).Requires(Permissions.AssuranceWrite)
            .Produces<QuestionnaireDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        questionnaires.MapPost("/{questionnaireId}/answers/{answerId}/approve", Approve).Requires(Permissions.AssuranceApprove)
            .Produces<QuestionnaireDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        questionnaires.MapGet("/{questionnaireId}/export", Export).Requires(Permissions.AssuranceRead)
            .WithDescription("format: csv (default) or xlsx — the filled questionnaire; html — the trust page (approved answers, shareable evidence only).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/evidence/{evidenceId}/shareable", Share).WithTags(tag).Requires(Permissions.EvidenceShare)
            .Produces<ShareableDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>The importer reads at most 2 MB; the request may carry a little more before it is cut.</summary>
    private const long QuestionnaireImportLimit = 2 * 1024 * 1024 + 64 * 1024;

    private static async Task<IResult> List(ListQuestionnaires useCase, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct));

    private static async Task<IResult> Import(ImportQuestionnaire useCase, HttpContext http, CancellationToken ct,
        [FromQuery(Name = "system")] string? system = null, [FromQuery(Name = "file_name")] string? fileName = null, [FromQuery(Name = "title")] string? title = null)
    {
        if (string.IsNullOrWhiteSpace(system))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["system"] = ["is required: the AI system (id or slug) the questionnaire is answered for"] },
                "system: is required", title: "Invalid request");
        return ApiResults.Map(await useCase.ExecuteAsync(system, fileName, http.Request.Body, title, Callers.Of(http), ct),
            q => TypedResults.Created($"/api/v1/assurance/questionnaires/{q.Id}", q));
    }

    private static async Task<IResult> Get(string questionnaireId, GetQuestionnaire useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(questionnaireId, Callers.ReadScope(http), ct), TypedResults.Ok);

    private static async Task<IResult> Edit(string questionnaireId, string answerId, AnswerInput input, EditAnswer useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(questionnaireId, answerId, input, expected, Callers.Of(http), ct), TypedResults.Ok);
    }

    private static async Task<IResult> Approve(string questionnaireId, string answerId, AnswerInput? input, ApproveAnswer useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(questionnaireId, answerId, input, expected, Callers.Of(http), ct), TypedResults.Ok);
    }

    private static async Task<IResult> Export(string questionnaireId, ExportQuestionnaire useCase, HttpContext http, CancellationToken ct,
        [FromQuery(Name = "format")] string? format = null) =>
        ApiResults.Map(await useCase.ExecuteAsync(questionnaireId, format, Callers.ReadScope(http), ct),
            f => TypedResults.File(f.Content, f.MediaType, f.FileName));

    private static async Task<IResult> Share(string evidenceId, ShareableInput input, SetEvidenceShareable useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(evidenceId, input, Callers.Of(http), ct), TypedResults.Ok);
}
