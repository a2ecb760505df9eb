using System.Security.Claims;
using Attest.Core.Common;
using Attest.Core.Features.Identity;

namespace Attest.Web.Security;

/// <summary>How a caller's identity travels inside a request (and a session cookie).</summary>
public static class AttestClaims
{
    public const string ActorId = "attest:actor";
    public const string Specialty = "attest:specialty";
    public const string SystemScope = "attest:system";
    public const string UserId = "attest:user_id";
    public const string SetupMode = "attest:setup";

    /// <summary>How the caller authenticated: <see cref="ByCookie"/>, <see cref="BySetupMode"/>, or a bearer credential.</summary>
    public const string AuthenticatedBy = "attest:authenticated_by";
    public const string ByCookie = "cookie";
    public const string BySetupMode = "setup";
    public const string ByBearer = "bearer";

    public static ClaimsPrincipal ToPrincipal(CallerIdentity caller, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ActorId, caller.Actor.Id),
            new(ClaimTypes.Name, caller.Actor.DisplayName),
        };
        claims.AddRange(caller.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(caller.Specialties.Select(s => new Claim(Specialty, s)));
        if (caller.SystemId is not null) claims.Add(new Claim(SystemScope, caller.SystemId));
        if (caller.UserId is not null) claims.Add(new Claim(UserId, caller.UserId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static CallerIdentity? ToCaller(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirst(ActorId)?.Value is not { } actorId) return null;
        return new CallerIdentity(
            new Actor(actorId, principal.Identity.Name ?? actorId),
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            principal.FindAll(Specialty).Select(c => c.Value).ToList(),
            principal.FindFirst(SystemScope)?.Value,
            principal.FindFirst(UserId)?.Value);
    }
}
