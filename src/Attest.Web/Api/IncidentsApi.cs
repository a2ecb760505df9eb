using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Incidents;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>
/// Incidents of a system: report, move through the workflow, record met obligations, contain, review, close, export the
/// authority report; the taxonomy and clock rules in force; repeat findings.
/// </summary>
internal static class IncidentsApi
{
    public static void MapIncidentsApi(this RouteGroupBuilder api)
    {
        var tag = "Incidents";
        api.MapGet("/systems/{idOrSlug}/incidents", List).WithTags(tag).Requires(Permissions.IncidentsRead)
            .Produces<IReadOnlyList<IncidentDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/systems/{idOrSlug}/incidents", Report).WithTags(tag).Requires(Permissions.IncidentsReport)
            .Produces<IncidentDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/incidents", ListAll).WithTags(tag).Requires(Permissions.IncidentsRead)
            .Produces<IReadOnlyList<PortfolioIncidentDto>>();
        api.MapGet("/incidents/{id}", Get).WithTags(tag).Requires(Permissions.IncidentsRead)
            .Produces<IncidentDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id}/close", Close).WithTags(tag).Requires(Permissions.IncidentsClose)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/incidents/{id}/status", Move).WithTags(tag).Requires(Permissions.IncidentsHandle)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/incidents/{id}/obligations", ObligationMet).WithTags(tag).Requires(Permissions.IncidentsHandle)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/incidents/{id}/containment", Contain).WithTags(tag).Requires(Permissions.IncidentsHandle)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/incidents/{id}/review", Review).WithTags(tag).Requires(Permissions.IncidentsReview)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/incidents/{id}/report", Export).WithTags(tag).Requires(Permissions.IncidentsRead)
            .Produces<string>(contentType: "text/markdown").ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id}/report", StoreReport).WithTags(tag).Requires(Permissions.EvidenceWrite)
            .Produces<EvidenceDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/incident-taxonomy", Taxonomy).WithTags(tag).Requires(Permissions.IncidentsRead).Produces<IncidentTaxonomyView>();
        api.MapGet("/repeat-findings", Repeats).WithTags(tag).Requires(Permissions.IncidentsRead).Produces<RepeatFindingsView>();
    }

    private static async Task<IResult> List(string idOrSlug, ListIncidents useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    // Every incident the caller may read, open ones first by the deadline due next; ?all=true includes closed ones.
    private static async Task<IResult> ListAll(ListPortfolioIncidents useCase, HttpContext http, CancellationToken ct, bool all = false) =>
        TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), openOnly: !all, ct));

    private static async Task<IResult> Get(string id, GetIncident useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), i => ApiResults.WithETag(http, i, i.Version));

    private static async Task<IResult> Report(string idOrSlug, IncidentInput input, ReportIncident useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Of(http), ct), i => ApiResults.CreatedWithETag(http, $"/api/v1/incidents/{i.Id}", i, i.Version));

    private static async Task<IResult> Close(string id, IncidentClosureInput input, CloseIncident useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }

    private static async Task<IResult> Move(string id, IncidentMoveInput input, MoveIncident useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }

    private static async Task<IResult> ObligationMet(string id, ObligationMetInput input, RecordObligationMet useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }

    private static async Task<IResult> Contain(string id, ContainmentInput input, ContainIncident useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }

    private static async Task<IResult> Review(string id, IncidentReviewInput input, ReviewIncident useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }

    private static bool TryFormat(string? format, out IncidentReportFormat parsed)
    {
        parsed = format switch { null or "md" or "markdown" => IncidentReportFormat.Markdown, "html" => IncidentReportFormat.Html, "json" => IncidentReportFormat.Json, _ => (IncidentReportFormat)(-1) };
        return Enum.IsDefined(parsed);
    }

    private static IResult BadFormat() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be md, html or json"] }, "format: must be md, html or json", title: "Invalid request");

    /// <summary>The authority report: md (default), html or json.</summary>
    private static async Task<IResult> Export(string id, string? format, ExportIncidentReport useCase, CancellationToken ct)
    {
        if (!TryFormat(format, out var parsed)) return BadFormat();
        return ApiResults.Map(await useCase.RenderAsync(id, parsed, ct), f => TypedResults.Content(f.Content, f.MediaType));
    }

    /// <summary>Renders the authority report and stores it as evidence of the system.</summary>
    private static async Task<IResult> StoreReport(string id, string? format, ExportIncidentReport useCase, HttpContext http, CancellationToken ct)
    {
        if (!TryFormat(format, out var parsed)) return BadFormat();
        return ApiResults.Map(await useCase.StoreAsync(id, parsed, Callers.Of(http), ct), e => TypedResults.Created($"/api/v1/evidence/{e.Id}", e));
    }

    private static IResult Taxonomy(IncidentData data) => TypedResults.Ok(IncidentTaxonomyView.From(data));

    private static async Task<IResult> Repeats(ListRepeatFindings useCase, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct));
}
