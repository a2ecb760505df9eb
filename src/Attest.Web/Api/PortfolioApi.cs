using Attest.Core.Features.Portfolio;

namespace Attest.Web.Api;

internal static class PortfolioApi
{
    public static void MapPortfolioApi(this RouteGroupBuilder api)
    {
        api.MapGet("/portfolio", async (GetPortfolioSummary useCase, HttpContext http, CancellationToken ct) => TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct)))
            .WithTags("Portfolio").Requires(Permissions.InventoryRead).Produces<PortfolioSummary>();
        // The caller's work list, as the "My work" page shows it; ?scope=all: everything that needs attention in what they may read.
        api.MapGet("/me/work", async Task<IResult> (GetNeedsAttention useCase, HttpContext http, string? scope, CancellationToken ct) =>
                scope is null or "mine" or "all"
                    ? TypedResults.Ok(await useCase.ExecuteAsync(Callers.Of(http), mine: scope != "all", ct))
                    : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["scope"] = ["must be mine or all"] }, title: "Invalid request"))
            .WithTags("Portfolio").Requires(Permissions.InventoryRead).Produces<NeedsAttentionView>().ProducesValidationProblem();
    }
}
