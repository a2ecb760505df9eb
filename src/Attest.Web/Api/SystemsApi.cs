using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Attest.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

internal static class SystemsApi
{
    public static void MapSystemsApi(this RouteGroupBuilder api)
    {
        var systems = api.MapGroup("/systems").WithTags("Systems");

        systems.MapGet("/", List).Requires(Permissions.InventoryRead)
            .Produces<PagedList<SystemSummary>>().ProducesValidationProblem();
        systems.MapPost("/", Create).Requires(Permissions.InventoryWrite).WithMetadata(InstallationWrite.Instance)
            .Produces<SystemDetails>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        systems.MapGet("/{idOrSlug}", Get).Requires(Permissions.InventoryRead)
            .Produces<SystemDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        systems.MapPut("/{idOrSlug}", Update).Requires(Permissions.InventoryWrite)
            .Produces<SystemDetails>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        systems.MapDelete("/{idOrSlug}", Delete).Requires(Permissions.InventoryDelete)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        systems.MapGet("/{idOrSlug}/lineage", Lineage).Requires(Permissions.InventoryRead)
            .Produces<SystemLineage>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(
        ListSystems useCase, HttpContext http, CancellationToken ct, string? stage = null, string? owner = null, string? tier = null,
        [FromQuery(Name = "eu_ai_act_class")] string? euAiActClass = null, [FromQuery(Name = "business_unit")] string? businessUnit = null,
        string? q = null, int page = 1, [FromQuery(Name = "page_size")] int pageSize = 50)
    {
        LifecycleStage? parsedStage = null;
        if (stage is not null)
        {
            if (!SnakeCase.TryParse<LifecycleStage>(stage, out var s))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stage"] = [$"must be one of {SnakeCase.Allowed<LifecycleStage>()}"] });
            parsedStage = s;
        }
        var result = await useCase.ExecuteAsync(new SystemFilter
        {
            Stage = parsedStage,
            Owner = owner,
            Tier = tier,
            EuAiActClass = euAiActClass,
            BusinessUnit = businessUnit,
            Query = q,
            Page = page,
            PageSize = pageSize,
        }, Callers.ReadScope(http), ct);
        return ApiResults.Map(result, TypedResults.Ok);
    }

    private static async Task<IResult> Create(SystemInput input, RegisterSystem useCase, HttpContext http, CancellationToken ct)
    {
        var result = await useCase.ExecuteAsync(input, Callers.Of(http), ct);
        return ApiResults.Map(result, s => ApiResults.CreatedWithETag(http, $"/api/v1/systems/{s.Slug}", s, s.Version));
    }

    private static async Task<IResult> Get(string idOrSlug, GetSystem useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), s => ApiResults.WithETag(http, s, s.Version));

    private static async Task<IResult> Update(string idOrSlug, SystemInput input, UpdateSystem useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        var result = await useCase.ExecuteAsync(idOrSlug, input, expected, Callers.Of(http), ct);
        return ApiResults.Map(result, s => ApiResults.WithETag(http, s, s.Version));
    }

    private static async Task<IResult> Delete(string idOrSlug, DeleteSystem useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, expected, Callers.Of(http), ct), _ => TypedResults.NoContent());
    }

    private static async Task<IResult> Lineage(string idOrSlug, GetSystemLineage useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);
}
