using Attest.Core.Features.Inventory;
using Attest.Web.Security;

namespace Attest.Web.Api;

internal static class ModelVersionsApi
{
    public static void MapModelVersionsApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/systems/{idOrSlug}/models").WithTags("Model versions");

        models.MapGet("/", List).Requires(Permissions.InventoryRead)
            .Produces<IReadOnlyList<ModelVersionDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPost("/", Create).Requires(Permissions.InventoryWrite)
            .Produces<ModelVersionDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        models.MapGet("/{modelVersionId}", Get).Requires(Permissions.InventoryRead)
            .Produces<ModelVersionDto>().ProducesProblem(StatusCodes.Status404NotFound);
        models.MapPut("/{modelVersionId}", Update).Requires(Permissions.InventoryWrite)
            .Produces<ModelVersionDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> List(string idOrSlug, GetSystem useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), s => TypedResults.Ok(s.Models));

    private static async Task<IResult> Create(string idOrSlug, ModelVersionInput input, RegisterModelVersion useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input, Callers.Of(http), ct),
            m => ApiResults.CreatedWithETag(http, $"/api/v1/systems/{m.SystemSlug}/models/{m.Id}", m, m.RowVersion));

    private static async Task<IResult> Get(string idOrSlug, string modelVersionId, GetModelVersion useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, modelVersionId, ct), m => ApiResults.WithETag(http, m, m.RowVersion));

    private static async Task<IResult> Update(string idOrSlug, string modelVersionId, ModelVersionInput input, UpdateModelVersion useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, modelVersionId, input, expected, Callers.Of(http), ct),
            m => ApiResults.WithETag(http, m, m.RowVersion));
    }
}
