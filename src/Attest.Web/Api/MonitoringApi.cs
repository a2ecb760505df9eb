using System.Text;
using Attest.Core.Features.Monitoring;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

/// <summary>
/// Monitoring: a system's plan (versioned data), observed outcomes of decisions, evaluations on demand and their time
/// series, alerts (list, acknowledge, resolve) and the delivery log with a test delivery that makes a plan operational.
/// </summary>
internal static class MonitoringApi
{
    public static void MapMonitoringApi(this RouteGroupBuilder api)
    {
        var tag = "Monitoring";
        api.MapPut("/systems/{idOrSlug}/monitoring-plan", Save).WithTags(tag).Requires(Permissions.MonitoringPlanWrite)
            .Accepts<string>("application/json", "application/yaml")
            .Produces<SavedPlanDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/systems/{idOrSlug}/monitoring-plan", Plan).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<MonitoringPlanView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/systems/{idOrSlug}/monitoring-plan/test", Test).WithTags(tag).Requires(Permissions.MonitoringPlanWrite)
            .Produces<TestDeliveryDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/systems/{idOrSlug}/monitoring/run", Run).WithTags(tag).Requires(Permissions.MonitoringRun)
            .Produces<MonitoringRunDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/systems/{idOrSlug}/monitoring/series", Series).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<SignalSeriesDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/systems/{idOrSlug}/monitoring/deliveries", Deliveries).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<IReadOnlyList<DeliveryDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/decisions/outcomes", Outcomes).WithTags(tag).Requires(Permissions.DecisionsOutcomes)
            .Produces<OutcomesResultDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/alerts", Alerts).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<AlertPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/monitoring/coverage", Coverage).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<MonitoringCoverageView>();
        api.MapGet("/alerts/{id}", Alert).WithTags(tag).Requires(Permissions.MonitoringRead)
            .Produces<AlertDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/alerts/{id}/acknowledge", Acknowledge).WithTags(tag).Requires(Permissions.AlertsManage)
            .Produces<AlertDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/alerts/{id}/resolve", Resolve).WithTags(tag).Requires(Permissions.AlertsManage)
            .Produces<AlertDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    // The plan is read as text so the reader can name the line of every problem; YAML by its content type, JSON otherwise.
    private static async Task<IResult> Save(string idOrSlug, SaveMonitoringPlan useCase, HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        var yaml = (http.Request.ContentType ?? "").Contains("yaml", StringComparison.OrdinalIgnoreCase);
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, text, yaml, "request body", Callers.Of(http), ct),
            r => TypedResults.Created($"/api/v1/systems/{idOrSlug}/monitoring-plan", r));
    }

    private static async Task<IResult> Plan(string idOrSlug, GetMonitoringPlan useCase, CancellationToken ct, int? version = null) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, version, ct), TypedResults.Ok);

    private static async Task<IResult> Test(string idOrSlug, SendTestAlert useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, Callers.Of(http), ct), TypedResults.Ok);

    // Deliveries of the alerts this run opened go out at once (the scheduler retries what fails).
    private static async Task<IResult> Run(string idOrSlug, RunMonitoring useCase, DeliverAlerts deliver, HttpContext http, CancellationToken ct)
    {
        var result = await useCase.ExecuteAsync(idOrSlug, null, RunMonitoring.OnDemand, Callers.Of(http), ct);
        if (result.IsOk)
            await deliver.ExecuteAsync("run:" + http.TraceIdentifier, await SystemIdAsync(http, result.Value!.System, ct), ct);
        return ApiResults.Map(result, TypedResults.Ok);
    }

    private static async Task<string?> SystemIdAsync(HttpContext http, string slug, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<Attest.Core.Data.AttestDbContext>();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(db.Systems.Where(s => s.Slug == slug).Select(s => s.Id), ct);
    }

    private static async Task<IResult> Series(string idOrSlug, GetMonitoringSeries useCase, CancellationToken ct, string? signal = null, string? from = null, string? to = null)
    {
        var errors = new Dictionary<string, string[]>();
        var start = QueryTimes.Parse("from", from, errors);
        var end = QueryTimes.Parse("to", to, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Invalid request");
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, signal, start, end, ct), TypedResults.Ok);
    }

    private static async Task<IResult> Deliveries(string idOrSlug, ListDeliveries useCase, CancellationToken ct, int limit = 100) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, limit, ct), TypedResults.Ok);

    private static async Task<IResult> Outcomes(OutcomesInput input, RecordOutcomes useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(input, Callers.Of(http), ct), TypedResults.Ok);

    private static async Task<IResult> Alerts(ListAlerts useCase, HttpContext http, CancellationToken ct, string? system = null, string? state = null, int page = 1,
        [FromQuery(Name = "page_size")] int pageSize = 50) =>
        ApiResults.Map(await useCase.ExecuteAsync(new AlertQuery(system, state, page, pageSize), Callers.ReadScope(http), ct), TypedResults.Ok);

    private static async Task<IResult> Coverage(GetMonitoringCoverage useCase, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct));

    private static async Task<IResult> Alert(string id, GetAlert useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), a => ApiResults.WithETag(http, a, a.Version));

    private static async Task<IResult> Acknowledge(string id, AcknowledgeAlert useCase, HttpContext http, CancellationToken ct, [FromBody] AlertActionInput? input = null)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input ?? new AlertActionInput(), expected, Callers.Of(http), ct), a => ApiResults.WithETag(http, a, a.Version));
    }

    private static async Task<IResult> Resolve(string id, ResolveAlert useCase, HttpContext http, CancellationToken ct, [FromBody] AlertActionInput? input = null)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input ?? new AlertActionInput(), expected, Callers.Of(http), ct), a => ApiResults.WithETag(http, a, a.Version));
    }
}
