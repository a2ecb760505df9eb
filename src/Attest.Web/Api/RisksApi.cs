using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Risks;
using Attest.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Api;

/// <summary>A system's risk register: record, change, accept the residual risk, list.</summary>
internal static class RisksApi
{
    public static void MapRisksApi(this RouteGroupBuilder api)
    {
        var tag = "Risks";
        api.MapGet("/systems/{idOrSlug}/risks", List).WithTags(tag).Requires(Permissions.RisksRead)
            .Produces<IReadOnlyList<RiskDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/systems/{idOrSlug}/risks", Record).WithTags(tag).Requires(Permissions.RisksWrite)
            .Produces<RiskDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/risks/{id}", Get).WithTags(tag).Requires(Permissions.RisksRead)
            .Produces<RiskDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPatch("/risks/{id}", Update).WithTags(tag).Requires(Permissions.RisksWrite)
            .Produces<RiskDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/risks/{id}/accept", Accept).WithTags(tag).Requires(Permissions.RisksAccept)
            .Produces<RiskDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> List(string idOrSlug, ListRisks useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Get(string id, GetRisk useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), r => ApiResults.WithETag(http, r, r.Version));

    private static async Task<IResult> Record(string idOrSlug, RiskInput input, RecordRisk useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Of(http), ct), r => ApiResults.CreatedWithETag(http, $"/api/v1/risks/{r.Id}", r, r.Version));

    private static async Task<IResult> Update(string id, RiskUpdateInput input, UpdateRisk useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), r => ApiResults.WithETag(http, r, r.Version));
    }

    private static async Task<IResult> Accept(string id, RiskAcceptanceInput input, AcceptRisk useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), r => ApiResults.WithETag(http, r, r.Version));
    }
}
