using Attest.Core.Features.Exports;
using Attest.Core.Features.Reports;

namespace Attest.Web.Api;

/// <summary>
/// Registers as CSV or XLSX (<c>/exports/{name}.csv|.xlsx</c>), each needing the permission of the page it comes from,
/// and the executive report (HTML, PDF, Markdown).
/// </summary>
internal static class ExportsApi
{
    public static void MapExportsApi(this RouteGroupBuilder api)
    {
        foreach (var kind in GetExport.Kinds)
        {
            var route = kind.HasPeriod
                ? api.MapGet($"/exports/{kind.Name}.{{format}}", (string format, GetExport useCase, HttpContext http, CancellationToken ct, string? from = null, string? to = null) =>
                    Export(kind, format, new ExportPeriod(from, to), useCase, http, ct))
                : api.MapGet($"/exports/{kind.Name}.{{format}}", (string format, GetExport useCase, HttpContext http, CancellationToken ct) =>
                    Export(kind, format, new ExportPeriod(), useCase, http, ct));
            route.WithName("export-" + kind.Name).WithTags("Exports").Requires(kind.Permission)
                .WithSummary($"The {kind.Title.ToLowerInvariant()} as CSV or XLSX: {kind.Description}.")
                .Produces<string>(StatusCodes.Status200OK, "text/csv", ExportTable.XlsxMediaType).ProducesValidationProblem();
        }
        api.MapGet("/reports/executive", Executive).WithTags("Reports").Requires(Permissions.InventoryRead)
            .WithSummary("The executive report of a period (from, to: YYYY-MM-DD; format: pdf, html or md).")
            .Produces<string>(StatusCodes.Status200OK, "application/pdf", "text/html", "text/markdown").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> Export(ExportKind kind, string format, ExportPeriod period, GetExport useCase, HttpContext http, CancellationToken ct)
    {
        if (GetExport.ParseFormat(format) is not { } parsed)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = [$"\"{(format.Length > 20 ? format[..20] + "…" : format)}\" is not an export format; expected csv or xlsx"] });
        var result = await useCase.ExecuteAsync(kind.Name, period, Callers.ReadScope(http), ct);
        if (!result.IsOk)
            return ApiResults.Map(result, TypedResults.Ok);
        var table = result.Value!;
        return TypedResults.File(table.Write(parsed), ExportTable.MediaType(parsed), table.FileName(parsed));
    }

    private static async Task<IResult> Executive(ExportExecutiveReport useCase, HttpContext http, CancellationToken ct, string? from = null, string? to = null, string? format = null)
    {
        var outcome = await useCase.ExecuteAsync(new ExecutiveReportQuery(from, to), format, Callers.ReadScope(http), ct);
        if (outcome.Unavailable is { } why)
            return TypedResults.Problem($"The PDF cannot be rendered here: {why}. The report is available as format=html or format=md.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "PDF rendering unavailable");
        if (!outcome.Result.IsOk)
            return ApiResults.Map(outcome.Result, TypedResults.Ok);
        var file = outcome.Result.Value!;
        return TypedResults.File(file.Content, file.MediaType, file.FileName);
    }
}
