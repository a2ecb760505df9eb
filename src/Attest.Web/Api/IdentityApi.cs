using Attest.Core.Features.Identity;

namespace Attest.Web.Api;

internal static class IdentityApi
{
    public static void MapIdentityApi(this RouteGroupBuilder api)
    {
        api.MapGet("/me", (HttpContext http) =>
        {
            var caller = Callers.Identity(http)!;
            return TypedResults.Ok(new CallerInfo(caller.Actor.Id, caller.Actor.DisplayName, caller.Roles, caller.Specialties, caller.SystemId));
        }).WithTags("Identity").Requires(Permissions.SelfRead).Produces<CallerInfo>();

        var keys = api.MapGroup("/keys").WithTags("Identity");
        keys.MapGet("/", async (ListApiKeys useCase, HttpContext http, CancellationToken ct) => TypedResults.Ok(await useCase.ExecuteAsync(Callers.ReadScope(http), ct)))
            .Requires(Permissions.KeysManage).Produces<IReadOnlyList<ApiKeyDto>>();
        keys.MapPost("/", async (ApiKeyInput input, CreateApiKey useCase, HttpContext http, CancellationToken ct) =>
                ApiResults.Map(await useCase.ExecuteAsync(input, Callers.Of(http), ct), k => TypedResults.Created($"/api/v1/keys/{k.Key.Id}", k)))
            .Requires(Permissions.KeysManage).Produces<CreatedApiKey>(StatusCodes.Status201Created).ProducesValidationProblem();
        keys.MapDelete("/{keyId}", async (string keyId, RevokeApiKey useCase, HttpContext http, CancellationToken ct) =>
                ApiResults.Map(await useCase.ExecuteAsync(keyId, Callers.Of(http), ct), TypedResults.Ok))
            .Requires(Permissions.KeysManage).Produces<ApiKeyDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var users = api.MapGroup("/users").WithTags("Identity");
        users.MapPost("/", async (UserInput input, CreateUser useCase, HttpContext http, CancellationToken ct) =>
                ApiResults.Map(await useCase.ExecuteAsync(input, Callers.Of(http), ct), u => TypedResults.Created($"/api/v1/users/{u.User.UserName}", u)))
            .Requires(Permissions.UsersManage).WithMetadata(Attest.Web.Security.InstallationWrite.Instance).Produces<CreatedUser>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        users.MapGet("/", async (ListUsers useCase, CancellationToken ct) => TypedResults.Ok(await useCase.ExecuteAsync(ct)))
            .Requires(Permissions.UsersManage).Produces<IReadOnlyList<UserDto>>();
        api.MapPost("/systems/{idOrSlug}/members", async (string idOrSlug, MemberInput input, GrantSystemMembership useCase, HttpContext http, CancellationToken ct) =>
                ApiResults.Map(await useCase.ExecuteAsync(idOrSlug, input.UserName ?? "", input.Role ?? "", Callers.Of(http), ct), _ => TypedResults.NoContent()))
            .WithTags("Identity").Requires(Permissions.UsersManage).Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public sealed record CallerInfo(string Actor, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Specialties, string? SystemId);

public sealed record MemberInput
{
    public string? UserName { get; init; }
    public string? Role { get; init; }
}
