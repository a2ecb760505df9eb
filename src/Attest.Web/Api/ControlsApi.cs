using Attest.Core.Features.Compliance;
using Attest.Web.Security;
using Microsoft.Net.Http.Headers;

namespace Attest.Web.Api;

/// <summary>The control library, a system's required controls and their statuses, and the portfolio compliance matrix.</summary>
internal static class ControlsApi
{
    public static void MapControlsApi(this RouteGroupBuilder api)
    {
        var tag = "Controls";
        api.MapGet("/controls", (ComplianceData data) => TypedResults.Ok(ControlViews.Library(data.Library)))
            .WithTags(tag).Requires(Permissions.ControlsRead).Produces<ControlLibraryView>();
        api.MapGet("/systems/{idOrSlug}/controls", SystemControls).WithTags(tag).Requires(Permissions.ControlsRead)
            .Produces<SystemControlsView>().ProducesProblem(StatusCodes.Status404NotFound);
        // Classification, control statuses, gate verdict and approval in force in one answer: the facts every page shows.
        api.MapGet("/systems/{idOrSlug}/standing", Standing).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<SystemStandingView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPut("/systems/{idOrSlug}/controls/{controlId}", SetStatus).WithTags(tag).Requires(Permissions.ControlsWrite)
            .Produces<SystemControlDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/compliance-matrix", Matrix).WithTags(tag).Requires(Permissions.ControlsRead)
            .Produces<ComplianceMatrix>().Produces<string>(StatusCodes.Status200OK, "text/csv");
    }

    private static async Task<IResult> SystemControls(string idOrSlug, GetSystemControls useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Standing(string idOrSlug, GetSystemStanding useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> SetStatus(string idOrSlug, string controlId, ControlStatusInput input, SetControlStatus useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        var result = await useCase.ExecuteAsync(idOrSlug, controlId, input, expected, Callers.Of(http), ct);
        return ApiResults.Map(result, c => ApiResults.WithETag(http, c, c.Version));
    }

    private static async Task<IResult> Matrix(GetComplianceMatrix useCase, HttpContext http, CancellationToken ct, string? format = null, string? framework = null, string? status = null)
    {
        var (matrix, field, problem) = ComplianceMatrixFilter.Apply(await useCase.ExecuteAsync(Callers.ReadScope(http), ct), framework, status);
        if (matrix is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field!] = [problem!] });
        var wantsCsv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)
            || (format is null && http.Request.Headers[HeaderNames.Accept].ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase));
        if (format is not null && !wantsCsv && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["must be json or csv"] });
        if (!wantsCsv)
            return TypedResults.Ok(matrix);
        http.Response.Headers.ContentDisposition = "attachment; filename=\"attest-compliance-matrix.csv\"";
        return TypedResults.Text(GetComplianceMatrix.ToCsv(matrix), "text/csv; charset=utf-8");
    }
}
