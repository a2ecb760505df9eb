using Attest.Core.Features.Inventory;
using Attest.Web.Security;

namespace Attest.Web.Api;

internal static class DeploymentsApi
{
    public static void MapDeploymentsApi(this RouteGroupBuilder api)
    {
        var deployments = api.MapGroup("/systems/{idOrSlug}/deployments").WithTags("Deployments");

        deployments.MapGet("/", List).Requires(Permissions.InventoryRead)
            .Produces<IReadOnlyList<DeploymentDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        deployments.MapPost("/", Create).Requires(Permissions.InventoryWrite)
            .Produces<DeploymentDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        deployments.MapPut("/{deploymentId}", Update).Requires(Permissions.InventoryWrite)
            .Produces<DeploymentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> List(string idOrSlug, GetSystem useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), s => TypedResults.Ok(s.Deployments));

    private static async Task<IResult> Create(string idOrSlug, DeploymentInput input, SaveDeployment useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.RecordAsync(idOrSlug, input, Callers.Of(http), ct),
            d => ApiResults.CreatedWithETag(http, $"/api/v1/systems/{idOrSlug}/deployments/{d.Id}", d, d.RowVersion));

    private static async Task<IResult> Update(string idOrSlug, string deploymentId, DeploymentInput input, SaveDeployment useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.UpdateAsync(idOrSlug, deploymentId, input, expected, Callers.Of(http), ct),
            d => ApiResults.WithETag(http, d, d.RowVersion));
    }
}
