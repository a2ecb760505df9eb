using System.Security.Claims;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Engine.Access;

namespace Attest.Web.Security;

/// <summary>Maps a validated OIDC access token to an Attest caller: subject → actor, roles claim → Attest roles.</summary>
internal static class OidcClaims
{
    public static CallerIdentity ToCaller(ClaimsPrincipal token, OidcSettings settings)
    {
        var subject = token.FindFirst("sub")?.Value ?? token.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unknown";
        var name = token.FindFirst("name")?.Value ?? token.FindFirst("preferred_username")?.Value ?? subject;
        var roles = token.FindAll(settings.RolesClaim).Concat(token.FindAll(ClaimTypes.Role))
            .Select(c => c.Value).Where(Roles.IsKnown).Distinct().ToList();
        return new CallerIdentity(new Actor($"oidc:{subject}", name), roles, [], null, null);
    }
}
