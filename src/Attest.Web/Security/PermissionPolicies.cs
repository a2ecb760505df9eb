using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Attest.Web.Security;

/// <summary>Authorization policies named "permission:{name}", built on demand from the matrix.</summary>
public static class PermissionPolicies
{
    private const string Prefix = "permission:";

    public static string Name(string permission) => Prefix + permission;

    internal sealed class Provider(IOptions<AuthorizationOptions> options) : DefaultAuthorizationPolicyProvider(options)
    {
        public override async Task<AuthorizationPolicy?> GetPolicyAsync(string policyName)
        {
            if (!policyName.StartsWith(Prefix, StringComparison.Ordinal)) return await base.GetPolicyAsync(policyName);
            return new AuthorizationPolicyBuilder(AttestAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new PermissionRequirement(policyName[Prefix.Length..]))
                .Build();
        }
    }
}

public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;

internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var roles = context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value);
        if (AuthorizationMatrix.Allows(requirement.Permission, roles)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
