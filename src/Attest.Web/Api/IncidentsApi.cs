using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Incidents;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Incidents of a system: report, close with a resolution, list.</summary>
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
        api.MapGet("/incidents/{id}", Get).WithTags(tag).Requires(Permissions.IncidentsRead)
            .Produces<IncidentDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/incidents/{id}/close", Close).WithTags(tag).Requires(Permissions.IncidentsClose)
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> List(string idOrSlug, ListIncidents useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Get(string id, GetIncident useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), i => ApiResults.WithETag(http, i, i.Version));

    private static async Task<IResult> Report(string idOrSlug, IncidentInput input, ReportIncident useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Of(http), ct), i => ApiResults.CreatedWithETag(http, $"/api/v1/incidents/{i.Id}", i, i.Version));

    private static async Task<IResult> Close(string id, IncidentClosureInput input, CloseIncident useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), i => ApiResults.WithETag(http, i, i.Version));
    }
}
