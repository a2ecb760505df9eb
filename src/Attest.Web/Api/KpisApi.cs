using Attest.Core.Features.Kpis;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

/// <summary>The programme's KPIs and the systems behind each number (docs/kpis.md).</summary>
internal static class KpisApi
{
    public static void MapKpisApi(this RouteGroupBuilder api)
    {
        const string tag = "KPIs";
        api.MapGet("/kpis", List).WithTags(tag).Requires(Permissions.InventoryRead).Produces<KpiReport>().ProducesValidationProblem();
        api.MapGet("/kpis/{id}/members", Members).WithTags(tag).Requires(Permissions.InventoryRead).Produces<KpiMembersView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/kpis/{id}/series", Series).WithTags(tag).Requires(Permissions.InventoryRead).Produces<KpiSeriesView>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(GetKpis useCase, HttpContext http, CancellationToken ct,
        [FromQuery(Name = "as_of")] string? asOf = null, [FromQuery(Name = "tier")] string? tier = null, [FromQuery(Name = "business_unit")] string? businessUnit = null) =>
        ApiResults.Map(await useCase.ExecuteAsync(Callers.ReadScope(http), new KpiQuery(asOf, tier, businessUnit), ct), TypedResults.Ok);

    private static async Task<IResult> Members(string id, GetKpis useCase, HttpContext http, CancellationToken ct,
        [FromQuery(Name = "as_of")] string? asOf = null, [FromQuery(Name = "tier")] string? tier = null, [FromQuery(Name = "business_unit")] string? businessUnit = null) =>
        ApiResults.Map(await useCase.MembersAsync(Callers.ReadScope(http), id, new KpiQuery(asOf, tier, businessUnit), ct), TypedResults.Ok);

    private static async Task<IResult> Series(string id, GetKpiSeries useCase, HttpContext http, CancellationToken ct,
        [FromQuery(Name = "from")] string? from = null, [FromQuery(Name = "to")] string? to = null,
        [FromQuery(Name = "tier")] string? tier = null, [FromQuery(Name = "business_unit")] string? businessUnit = null) =>
        ApiResults.Map(await useCase.ExecuteAsync(Callers.ReadScope(http), id, new KpiSeriesQuery(from, to, tier, businessUnit), ct), TypedResults.Ok);
}
