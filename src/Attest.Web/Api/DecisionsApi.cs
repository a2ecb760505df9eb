using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Features.Oversight;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Api;

/// <summary>
/// The decision log: a production system logs decisions (one, or a batch of up to 10,000) and learns at once whether it may
/// act or a person must look; people read the log, a decision's causal trace, and appeal a decision.
/// </summary>
internal static class DecisionsApi
{
    /// <summary>A full batch of 10,000 decisions with inputs fits; larger bodies are refused with 413 before they are read.</summary>
    public const long MaxBodyBytes = 64L * 1024 * 1024;

    public static void MapDecisionsApi(this RouteGroupBuilder api)
    {
        var tag = "Decisions";
        api.MapPost("/decisions", Log).WithTags(tag).Requires(Permissions.DecisionsIngest)
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes))
            .Accepts<JsonObject>("application/json")
            .Produces<DecisionResultDto>(StatusCodes.Status201Created).Produces<DecisionBatchResultDto>()
            .Produces<QueuedDecisionsDto>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/decisions/{id}", Get).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<DecisionDto>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/decisions/{id}/trace", Trace).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<JsonObject>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/decisions/{id}/appeal", Appeal).WithTags(tag).Requires(Permissions.DecisionsAppeal)
            .Produces<ReviewItemDto>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/systems/{idOrSlug}/decisions", List).WithTags(tag).Requires(Permissions.DecisionsRead)
            .Produces<DecisionPage>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    // The body is read here and checked in Core (DecisionBodyReader), so every bad field of every decision is named.
    // With a decision stream (--nats) a batch is judged the same way, then queued: 202 once JetStream stored it, 503 with
    // Retry-After when NATS is away or the stream is full. A single decision asks for its route, so it is recorded at once.
    private static async Task<IResult> Log(DecisionIngestPipeline pipeline, DecisionStream stream, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        var readAt = time.GetUtcNow();
        var raw = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        var body = DecisionBodyReader.Read(raw, readAt);
        if (body.Problem == DecisionBodyProblem.TooMany)
            return TypedResults.Problem(body.Errors["decisions"][0], statusCode: StatusCodes.Status413PayloadTooLarge, title: "Too many decisions",
                extensions: new Dictionary<string, object?> { ["errors"] = body.Errors });
        if (body.Problem == DecisionBodyProblem.Invalid)
            return TypedResults.ValidationProblem(body.Errors, "One or more fields are invalid: " + string.Join("; ", body.Errors.Take(5).Select(e => $"{e.Key}: {e.Value[0]}")),
                title: "Invalid request");
        if (stream.Enabled && body.IsBatch)
            return await QueueAsync(http, stream, raw, body, readAt, ct);
        var result = await pipeline.SubmitAsync(Callers.Of(http), body, ct);
        return ApiResults.Map(result, r => r.IsBatch
            ? TypedResults.Ok(r.Batch)
            : r.Created ? TypedResults.Created($"/api/v1/decisions/{r.Single.Id}", r.Single) : TypedResults.Ok(r.Single));
    }

    private static async Task<IResult> QueueAsync(HttpContext http, DecisionStream stream, ReadOnlyMemory<byte> raw, DecisionBody body, DateTimeOffset readAt, CancellationToken ct)
    {
        var result = await http.RequestServices.GetRequiredService<QueueDecisions>().ExecuteAsync(Callers.Of(http), raw, body, readAt, ct);
        if (result.Kind == Attest.Core.Common.ResultKind.Unavailable)
        {
            http.Response.Headers.RetryAfter = stream.Settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(result.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Decision stream unavailable");
        }
        return ApiResults.Map(result, r => r.Queued is { } queued
            ? TypedResults.Json(queued, statusCode: StatusCodes.Status202Accepted)
            : TypedResults.Ok(r.AlreadyLogged));
    }

    private static async Task<IResult> Get(string id, GetDecision useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), TypedResults.Ok);

    private static async Task<IResult> Trace(string id, GetDecisionTrace useCase, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, ct), TypedResults.Ok);

    private static async Task<IResult> Appeal(string id, AppealInput input, AppealDecision useCase, HttpContext http, CancellationToken ct) =>
        ApiResults.Map(await useCase.ExecuteAsync(id, input, Callers.Of(http), ct), r => TypedResults.Created($"/api/v1/oversight/queue/{r.Id}", r));

    private static async Task<IResult> List(string idOrSlug, ListDecisions useCase, CancellationToken ct, string? route = null, string? from = null, string? to = null,
        int page = 1, [FromQuery(Name = "page_size")] int pageSize = 50)
    {
        var errors = new Dictionary<string, string[]>();
        var start = QueryTimes.Parse("from", from, errors);
        var end = QueryTimes.Parse("to", to, errors);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "Invalid request");
        return ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, route, start, end, page, pageSize, ct), TypedResults.Ok);
    }
}

/// <summary>Times in query strings: ISO 8601 instants, or dates (midnight UTC).</summary>
internal static class QueryTimes
{
    public static DateTimeOffset? Parse(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        errors[field] = [$"must be a date (yyyy-MM-dd) or an ISO 8601 date and time, got '{text}'"];
        return null;
    }
}
