using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Actions;
using Attest.Web.Security;

namespace Attest.Web.Api;

/// <summary>Tracked actions: the conditions of conditional approvals, with owners, due days and who closed them.</summary>
internal static class ActionsApi
{
    public static void MapActionsApi(this RouteGroupBuilder api)
    {
        var tag = "Gates and reviews";
        api.MapGet("/actions", List).WithTags(tag).Requires(Permissions.GatesRead)
            .Produces<IReadOnlyList<TrackedActionDto>>().ProducesValidationProblem();
        api.MapPost("/actions/{id}/complete", Complete).WithTags(tag).Requires(Permissions.ActionsComplete)
            .Produces<TrackedActionDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static async Task<IResult> List(ListActions useCase, HttpContext http, CancellationToken ct, string? system = null, string? status = null)
    {
        TrackedActionStatus? wanted = null;
        if (status is not null)
        {
            if (!SnakeCase.TryParse<TrackedActionStatus>(status, out var parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = [$"must be one of {SnakeCase.Allowed<TrackedActionStatus>()}"] });
            wanted = parsed;
        }
        return ApiResults.Map(await useCase.ExecuteAsync(system, wanted, Callers.ReadScope(http), ct), TypedResults.Ok);
    }

    private static async Task<IResult> Complete(string id, CompleteActionInput input, CompleteAction useCase, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected, out var error)) return error!;
        return ApiResults.Map(await useCase.ExecuteAsync(id, input, expected, Callers.Of(http), ct), a => ApiResults.WithETag(http, a, a.Version));
    }
}
