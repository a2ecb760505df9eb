using Attest.Core.Features.Inventory;

namespace Attest.Web.Api;

internal static class DatasetsApi
{
    public static void MapDatasetsApi(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");

        datasets.MapGet("/", List).Requires(Permissions.InventoryRead).Produces<ItemsResponse<DatasetDto>>();
        datasets.MapPost("/", Create).Requires(Permissions.InventoryWrite)
            .Produces<DatasetDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        datasets.MapGet("/{idOrSlug}", Get).Requires(Permissions.InventoryRead)
            .Produces<DatasetDto>().ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapPut("/{idOrSlug}", Update).Requires(Permissions.InventoryWrite)
            .Produces<DatasetDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        datasets.MapGet("/{idOrSlug}/usage", Usage).Requires(Permissions.InventoryRead)
            .Produces<DatasetUsage>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(ListDatasets useCase, HttpContext http, CancellationToken ct, string? q = null)
    {
        var items = await useCase.ExecuteAsync(q, Callers.ReadScope(http), ct);
        return TypedResults.Ok(new ItemsResponse<DatasetDto>(items, items.Count));
    }

    private static async Task<IResult> Create(DatasetInput input, SaveDataset useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.RegisterAsync(input, Callers.Of(http), ct),
            d => ApiResults.CreatedWithETag(http, $"/api/v1/datasets/{d.Slug}", d, d.Version));

    private static async Task<IResult> Get(string idOrSlug, GetDatasetUsage useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, Callers.ReadScope(http), ct), u => ApiResults.WithETag(http, u.Dataset, u.Dataset.Version));

    private static async Task<IResult> Update(string idOrSlug, DatasetInput input, SaveDataset useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.UpdateAsync(idOrSlug, input, expected, Callers.Of(http), ct), d => ApiResults.WithETag(http, d, d.Version));
    }

    private static async Task<IResult> Usage(string idOrSlug, GetDatasetUsage useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, Callers.ReadScope(http), ct), TypedResults.Ok);
}

/// <summary>A complete (unpaginated) list.</summary>
public sealed record ItemsResponse<T>(IReadOnlyList<T> Items, int Total);
