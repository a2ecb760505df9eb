using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Engine.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Attest.Web.Security;

/// <summary>
/// One front door for every caller: an API key (<c>Authorization: Bearer atk_…</c>), an OIDC access
/// token (when configured), or the web session cookie. A fresh installation where no user or key was
/// ever created serves callers on this machine as a setup administrator — never a request that carries
/// forwarding headers or comes through a configured proxy — until the first credential exists.
/// Unauthenticated API calls get 401, forbidden ones 403, both as problem details; the UI redirects
/// to the sign-in page.
/// </summary>
public sealed class AttestAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthSettings settings)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "attest";
    public const string CookieScheme = "attest.session";
    public const string JwtScheme = "attest.oidc";

    public const string InvalidToken = "The access token is not valid (expired, or not issued for Attest by the configured issuer).";

    public static readonly CallerIdentity SetupAdministrator = new(new Actor("setup:local-admin", "Setup administrator (no users yet)"), [Roles.Admin], [], null, null);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!string.IsNullOrEmpty(header))
        {
            if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                return AuthenticateResult.Fail("Only 'Authorization: Bearer <API key or token>' is accepted.");
            var token = header["Bearer ".Length..].Trim();
            if (ApiKeySecrets.LooksLikeKey(token))
            {
                // A key remembered from a recent request costs no database context; see ApiKeyCache for the revocation bound.
                var caller = Context.RequestServices.GetRequiredService<ApiKeyCache>().TryGet(ApiKeySecrets.Hash(token))
                    ?? await Context.RequestServices.GetRequiredService<AuthenticateApiKey>().ExecuteAsync(token, Context.RequestAborted);
                return caller is null
                    ? AuthenticateResult.Fail("The API key is unknown, revoked or expired.")
                    : Success(caller);
            }
            if (settings.Oidc is null) return AuthenticateResult.Fail("The bearer token is not an Attest API key, and OIDC tokens are not configured.");
            var jwt = await Context.AuthenticateAsync(JwtScheme);
            if (!jwt.Succeeded)
            {
                // Why (audience, issuer, expiry, key) is for the operator's log; the caller learns only that it was refused.
                Logger.LogWarning("A bearer token was refused: {Reason}", jwt.Failure?.Message ?? "rejected");
                return AuthenticateResult.Fail(InvalidToken);
            }
            return Success(OidcClaims.ToCaller(jwt.Principal!, settings.Oidc));
        }

        var cookie = await Context.AuthenticateAsync(CookieScheme);
        if (cookie.Succeeded)
        {
            var principal = cookie.Principal!;
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AttestClaims.AuthenticatedBy, AttestClaims.ByCookie));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, cookie.Properties, SchemeName));
        }

        if (settings.AllowSetupMode && IsLocal(Context, settings) && await Context.RequestServices.GetRequiredService<SetupModeLatch>().IsOpenAsync(Context))
        {
            var principal = AttestClaims.ToPrincipal(SetupAdministrator, SchemeName);
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AttestClaims.SetupMode, "true"));
            ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AttestClaims.AuthenticatedBy, AttestClaims.BySetupMode));
            return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
        }
        return AuthenticateResult.NoResult();
    }

    private AuthenticateResult Success(CallerIdentity caller)
    {
        var principal = AttestClaims.ToPrincipal(caller, SchemeName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(AttestClaims.AuthenticatedBy, AttestClaims.ByBearer));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (!IsApiRequest(Request))
        {
            Response.Redirect("/signin?return_url=" + Uri.EscapeDataString(Request.PathBase + Request.Path + Request.QueryString));
            return;
        }
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer realm=\"attest\"";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Authentication required",
            result.Failure?.Message ?? "Send 'Authorization: Bearer <API key>' (create one with 'attest keys create').");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        if (!IsApiRequest(Request))
        {
            Response.Redirect("/access-denied?path=" + Uri.EscapeDataString(Request.Path));
            return;
        }
        var roles = string.Join(", ", Context.User.FindAll(ClaimTypes.Role).Select(c => c.Value));
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", $"Your roles ({roles}) do not allow this.");
    }

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        return Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    internal static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi");

    /// <summary>Setup mode serves only callers on this machine: an unconfigured server is never open to the network.</summary>
    internal static bool IsLoopback(HttpContext http) =>
        http.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);

    /// <summary>Headers a reverse proxy adds: a request carrying one came from somewhere else, whatever its socket says.</summary>
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "X-Original-For", "Via"];

    /// <summary>
    /// A request from this machine itself: a loopback socket, no forwarding header, and not from a configured
    /// proxy (behind a proxy on the same host, a remote caller would otherwise look local).
    /// </summary>
    internal static bool IsLocal(HttpContext http, AuthSettings settings) =>
        IsLoopback(http)
        && !ForwardingHeaders.Any(h => http.Request.Headers.ContainsKey(h))
        && !(settings.Proxies ?? []).Any(p => http.Connection.RemoteIpAddress is { } remote && (remote.Equals(p) || remote.IsIPv4MappedToIPv6 && remote.MapToIPv4().Equals(p)));
}
