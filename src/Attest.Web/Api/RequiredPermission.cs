namespace Attest.Web.Api;

/// <summary>Endpoint metadata naming the permission it requires (see <see cref="Permissions"/>).</summary>
public sealed record RequiredPermission(string Name);

internal static class PermissionEndpointExtensions
{
    /// <summary>
    /// Declares the endpoint's permission. The role check here refuses early (403 before the body is read); the use case
    /// decides again on the governed write path with scope, ownership and separation of duties, for the API, UI and CLI alike.
    /// </summary>
    public static TBuilder Requires<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredPermission(permission)).RequireAuthorization(Security.PermissionPolicies.Name(permission));
}
