using Attest.Core.Features.Portfolio;

namespace Attest.Web.Api;

internal static class PortfolioApi
{
    public static void MapPortfolioApi(this RouteGroupBuilder api) =>
        api.MapGet("/portfolio", async (GetPortfolioSummary useCase, HttpContext http, CancellationToken ct) => TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct)))
            .WithTags("Portfolio").Requires(Permissions.InventoryRead).Produces<PortfolioSummary>();
}
