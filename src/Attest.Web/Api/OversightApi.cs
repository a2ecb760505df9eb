using System.Text;
using Attest.Core.Features.Oversight;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

/// <summary>Runtime oversight: a system's oversight policy (propose, approve, read), the review queue, and analytics.</summary>
internal static class OversightApi
{
    public static void MapOversightApi(this RouteGroupBuilder api)
    {
        var tag = "Oversight";
        api.MapPut("/systems/{idOrSlug}/oversight-policy", Propose).WithTags(tag).Requires(Permissions.OversightPolicyPropose)
            .Accepts<string>("application/json", "application/yaml")
            .Produces<ProposedPolicyDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/systems/{idOrSlug}/oversight-policy/versions/{version:int}/approve", Approve).WithTags(tag).Requires(Permissions.OversightPolicyApprove)
            .Produces<ApprovedPolicyDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/systems/{idOrSlug}/oversight-policy", Policy).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<OversightPolicyView>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/systems/{idOrSlug}/oversight/metrics", Metrics).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<OversightMetrics>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/oversight/queue", Queue).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<ReviewQueuePage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/oversight/queue/{item}", Item).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<ReviewItemDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/oversight/queue/{item}/claim", Claim).WithTags(tag).Requires(Permissions.OversightReview)
            .Produces<ReviewItemDto>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/oversight/queue/{item}/resolve", Resolve).WithTags(tag).Requires(Permissions.OversightReview)
            .Produces<ReviewItemDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    // The policy is read as text so the reader can name the line of every problem; YAML by its content type, JSON otherwise.
    private static async Task<IResult> Propose(string idOrSlug, ProposeOversightPolicy useCase, HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        var type = http.Request.ContentType ?? "";
        var yaml = type.Contains("yaml", StringComparison.OrdinalIgnoreCase);
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, text, yaml, "request body", Callers.Of(http), ct),
            r => TypedResults.Created($"/api/v1/systems/{idOrSlug}/oversight-policy", r));
    }

    private static async Task<IResult> Approve(string idOrSlug, int version, ApproveOversightPolicy useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, version, Callers.Of(http), ct), TypedResults.Ok);

    private static async Task<IResult> Policy(string idOrSlug, GetOversightPolicy useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, ct), TypedResults.Ok);

    private static async Task<IResult> Metrics(string idOrSlug, GetOversightMetrics useCase, CancellationToken ct, string? from = null, string? to = null)
    {
        var errors = new Dictionary<string, string[]>();
        var start = QueryTimes.Parse("from", from, errors);
        var end = QueryTimes.Parse("to", to, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Invalid request");
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, start, end, ct), TypedResults.Ok);
    }

    private static async Task<IResult> Queue(ListReviewQueue useCase, HttpContext http, CancellationToken ct, string? system = null, string? state = null, string? rule = null,
        [FromQuery(Name = "due_before")] string? dueBefore = null, int page = 1, [FromQuery(Name = "page_size")] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        var due = QueryTimes.Parse("due_before", dueBefore, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Invalid request");
        return ApiResults.Map(await useCase.ExecuteAsync(new ReviewQueueQuery(system, state, rule, due, page, pageSize), Callers.ReadScope(http), ct), TypedResults.Ok);
    }

    private static async Task<IResult> Item(string item, GetReviewItem useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(item, ct), TypedResults.Ok);

    private static async Task<IResult> Claim(string item, ClaimReviewItem useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(item, Callers.Of(http), ct), TypedResults.Ok);

    private static async Task<IResult> Resolve(string item, ResolveInput input, ResolveReviewItem useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(item, input, Callers.Of(http), ct), TypedResults.Ok);
}
