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
        api.MapPost("/systems/{idOrSlug}/risks", Record).WithTags(tag).Requires(Permissions.RisksWrite).ChangesSystem()
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
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Actor(http), ct), r => ApiResults.CreatedWithETag(http, $"/api/v1/risks/{r.Id}", r, r.Version));

    private static async Task<IResult> Update(string id, RiskUpdateInput input, UpdateRisk useCase, AttestDbContext db, SystemAccess access, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        // The system is not in the route: apply the ownership rule of .ChangesSystem() to the risk's system.
        if (await RefusalAsync(db.Risks.Where(r => r.Id == id).Select(r => r.SystemId), access, http, ct) is { } refusal) return refusal;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Actor(http), ct), r => ApiResults.WithETag(http, r, r.Version));
    }

    private static async Task<IResult> Accept(string id, RiskAcceptanceInput input, AcceptRisk useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        var caller = Callers.Identity(http) ?? new CallerIdentity(Actor.Anonymous, [], [], null, null);
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, caller, ct), r => ApiResults.WithETag(http, r, r.Version));
    }

    /// <summary>403 when the caller may not change the system a risk or incident belongs to; null when it may (or the record is unknown: 404 follows).</summary>
    internal static async Task<IResult?> RefusalAsync(IQueryable<string> systemOfRecord, SystemAccess access, HttpContext http, CancellationToken ct)
    {
        var systemId = await systemOfRecord.FirstOrDefaultAsync(ct);
        if (systemId is null || Callers.Identity(http) is not { } caller || await access.CanChangeAsync(caller, systemId, ct)) return null;
        return TypedResults.Problem("You may change only the systems you own.", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
    }
}
