using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Release gates, review board (requests, sign-offs, decisions), waivers and material-change assessments.</summary>
internal static class GatesApi
{
    public static void MapGatesApi(this RouteGroupBuilder api)
    {
        var tag = "Gates and reviews";
        api.MapGet("/systems/{idOrSlug}/gate", Gate).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<GateReport>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/systems/{idOrSlug}/gate/bundle", Bundle).WithTags(tag).Requires(Permissions.GatesRead)
            .WithDescription("The gate bundle (format attest.gate-bundle/v1, docs/gates.md \"Offline CI gate with a bundle\"), byte for byte as hashed and signed.")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json").ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/systems/{idOrSlug}/changes", Changes).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<SystemChangesView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/reviews", Request).WithTags(tag).Requires(Permissions.ReviewsRequest)
            .Produces<ReleaseReviewDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/reviews/metrics", async (GetReviewMetrics useCase, HttpContext http, CancellationToken ct) => TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct)))
            .WithTags(tag).Requires(Permissions.GatesRead).Produces<ReviewMetricsView>();
        api.MapGet("/reviews/{id}", GetReview).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<ReleaseReviewDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/reviews/{id}/signoffs", SignOff).WithTags(tag).Requires(Permissions.ReviewsSignOff)
            .Produces<ReleaseReviewDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/reviews/{id}/decision", Decide).WithTags(tag).Requires(Permissions.ReviewsDecide)
            .Produces<ReleaseReviewDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/waivers", RequestWaiver).WithTags(tag).Requires(Permissions.WaiversRequest)
            .Produces<WaiverDto>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/waivers/{id}/approve", ApproveWaiver).WithTags(tag).Requires(Permissions.WaiversApprove)
            .Produces<WaiverDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapPost("/waivers/{id}/reject", RejectWaiver).WithTags(tag).Requires(Permissions.WaiversApprove)
            .Produces<WaiverDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        api.MapGet("/waivers", ListWaivers).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<IReadOnlyList<WaiverView>>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> Gate(string idOrSlug, EvaluateGate useCase, CancellationToken ct, string? stage = null, string? model_version = null)
    {
        var gateStage = GateStage.PreLaunch;
        if (stage is not null && !WireName.TryParse(stage, out gateStage))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["stage"] = [$"must be one of {string.Join(", ", WireName.All<GateStage>())}"] });
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, model_version, gateStage, ct), TypedResults.Ok);
    }

    /// <summary>The gate bundle file (docs/gates.md "Offline CI gate with a bundle"), served byte for byte as signed.</summary>
    private static async Task<IResult> Bundle(string idOrSlug, ExportGateBundle useCase, CancellationToken ct, string? model_version = null) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, model_version, ct), b => TypedResults.Text(b.Json, "application/json", System.Text.Encoding.UTF8));

    private static async Task<IResult> Changes(string idOrSlug, ListMaterialChanges useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Request(ReleaseRequestInput input, RequestRelease useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(input, Callers.Of(http), ct), r => ApiResults.CreatedWithETag(http, $"/api/v1/reviews/{r.Id}", r, r.Version));

    private static async Task<IResult> GetReview(string id, GetReview useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), r => ApiResults.WithETag(http, r, r.Version));

    private static async Task<IResult> SignOff(string id, SignOffInput input, SignOffReview useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, input, Callers.Of(http), ct), r => ApiResults.WithETag(http, r, r.Version));

    private static async Task<IResult> Decide(string id, DecisionInput input, DecideReview useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), r => ApiResults.WithETag(http, r, r.Version));
    }

    private static async Task<IResult> RequestWaiver(WaiverInput input, RequestWaiver useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(input, Callers.Of(http), ct), w => ApiResults.CreatedWithETag(http, $"/api/v1/waivers/{w.Id}", w, w.Version));

    private static async Task<IResult> ApproveWaiver(string id, ApproveWaiver useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, expected, Callers.Of(http), ct), w => ApiResults.WithETag(http, w, w.Version));
    }

    private static async Task<IResult> RejectWaiver(string id, WaiverRejectionInput input, RejectWaiver useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), w => ApiResults.WithETag(http, w, w.Version));
    }

    private static async Task<IResult> ListWaivers(ListWaivers useCase, HttpContext http, CancellationToken ct, string? system = null, string? state = null)
    {
        WaiverState? wanted = null;
        if (state is not null)
        {
            if (!WireName.TryParse<WaiverState>(state, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["state"] = [$"must be one of {string.Join(", ", WireName.All<WaiverState>())}"] });
            wanted = parsed;
        }
        return ApiResults.Map(await useCase.ExecuteAsync(new WaiverQuery(system, wanted), Callers.ReadScope(http), ct), TypedResults.Ok);
    }
}
