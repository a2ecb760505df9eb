using System.Security.Claims;
using Attest.Core.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Attest.Web.Security;

/// <summary>
/// Web sign-in through the organisation's identity provider (OpenID Connect, authorization code with PKCE). The ID
/// token is validated by ASP.NET Core's handler (issuer and signing keys from the provider's discovery document,
/// audience = the client id, lifetime); the person then becomes a local user through <see cref="SignInWithSso"/>, and
/// the session cookie carries that user like a password sign-in's, so authorization in Core stays one rule. A refused
/// sign-in is logged with its reason and the person sees only that single sign-on did not succeed.
/// </summary>
internal static class SingleSignOn
{
    public const string Scheme = "attest.sso";
    public const string SsoClaim = "attest:sso";
    public const string FailedMarker = "sso";

    public static void AddAttestSingleSignOn(this AuthenticationBuilder auth, IServiceCollection services, SsoSettings sso, AuthSettings settings)
    {
        services.AddSingleton(_ => sso.RoleMapFile is null ? SsoRoleMap.Empty : SsoRoleMap.Load(sso.RoleMapFile));
        auth.AddOpenIdConnect(Scheme, sso.DisplayName, o =>
        {
            o.Authority = sso.Authority;
            o.ClientId = sso.ClientId;
            o.ClientSecret = sso.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            // The code comes back on a top-level GET, so the correlation and nonce cookies can stay SameSite=Lax.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.Scope.Clear();
            foreach (var scope in sso.Scopes) o.Scope.Add(scope);
            o.RequireHttpsMetadata = sso.RequireHttpsMetadata;
            o.SignInScheme = AttestAuthentication.CookieScheme;
            o.SignOutScheme = AttestAuthentication.CookieScheme;
            o.CallbackPath = "/signin-oidc";
            o.SignedOutCallbackPath = "/signout-callback-oidc";
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.SaveTokens = false;
            o.UseTokenLifetime = false;
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.RoleClaimType = sso.RolesClaim;
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = settings.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            }
            o.Events = new OpenIdConnectEvents
            {
                OnTokenValidated = context => SignInAsync(context, sso, settings),
                OnRemoteFailure = context =>
                {
                    Log(context.HttpContext).LogWarning("Single sign-on through {Provider} failed: {Reason}", sso.DisplayName, context.Failure?.Message ?? "unknown");
                    context.Response.Redirect("/signin?failed=" + FailedMarker);
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
                OnAccessDenied = context =>
                {
                    Log(context.HttpContext).LogWarning("Single sign-on through {Provider}: the provider denied access.", sso.DisplayName);
                    context.Response.Redirect("/signin?failed=" + FailedMarker);
                    context.HandleResponse();
                    return Task.CompletedTask;
                },
            };
        });
    }

    /// <summary>After the ID token passed validation: make (or find) the local user and put it in the session cookie instead of the token's claims.</summary>
    private static async Task SignInAsync(TokenValidatedContext context, SsoSettings sso, AuthSettings settings)
    {
        var token = context.Principal!;
        string? Claim(string type) => token.FindFirst(type)?.Value;
        var identity = new SsoIdentity(
            Claim("iss") ?? "",
            Claim("sub") ?? "",
            Claim("preferred_username") ?? Claim("upn"),
            Claim("name"),
            Claim("email"),
            string.Equals(Claim("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            Values(token, sso.GroupsClaim),
            Values(token, sso.RolesClaim));
        var useCase = context.HttpContext.RequestServices.GetRequiredService<SignInWithSso>();
        var map = context.HttpContext.RequestServices.GetRequiredService<SsoRoleMap>();
        var result = await useCase.ExecuteAsync(identity, sso.DisplayName, map, context.HttpContext.RequestAborted);
        if (!result.IsOk)
        {
            // The reason goes to the log; the person is told only that it did not succeed (OnRemoteFailure).
            context.Fail(result.Message ?? "refused");
            return;
        }
        var principal = AttestClaims.ToPrincipal(result.Value!, AttestAuthentication.CookieScheme);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SsoClaim, sso.DisplayName));
        context.Principal = principal;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        // An absolute lifetime: the session ends then however active it is, and the next sign-in asks the provider again.
        context.Properties!.IssuedUtc = now;
        context.Properties.ExpiresUtc = now + (settings.SessionLifetime ?? TimeSpan.FromHours(8));
        context.Properties.AllowRefresh = false;
        // Kept for RP-initiated sign-out (id_token_hint); nothing else from the provider is stored.
        if ((context.TokenEndpointResponse?.IdToken ?? context.ProtocolMessage.IdToken) is { Length: > 0 } idToken)
            context.Properties.StoreTokens([new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
        Log(context.HttpContext).LogInformation("Single sign-on through {Provider}: {Subject} signed in as {Actor}.", sso.DisplayName, identity.Subject, result.Value!.Actor.Id);
    }

    /// <summary>A claim's values: repeated claims, or one claim holding a JSON array.</summary>
    private static List<string> Values(ClaimsPrincipal token, string type) =>
        [.. token.FindAll(type).SelectMany(c => Split(c.Value)).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];

    private static string[] Split(string value)
    {
        if (!value.StartsWith('[')) return [value];
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [value];
        }
    }

    /// <summary>Starts a sign-in at the provider (the sign-in page's "Sign in with …").</summary>
    public static IResult Challenge(string? returnUrl) =>
        TypedResults.Challenge(new AuthenticationProperties { RedirectUri = AccountEndpoints.IsLocal(returnUrl) ? returnUrl : "/" }, [Scheme]);

    /// <summary>
    /// Ends a single-sign-on session here and, when the provider has an end-session endpoint, there too (RP-initiated
    /// logout with the ID token as hint; the provider sends the browser back to the sign-in page).
    /// </summary>
    public static async Task<IResult> SignOutAsync(HttpContext http)
    {
        var handlers = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIdConnectOptions>>().Get(Scheme);
        string? endSession = null;
        try
        {
            endSession = handlers.ConfigurationManager is { } manager ? (await manager.GetConfigurationAsync(http.RequestAborted)).EndSessionEndpoint : null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            Log(http).LogWarning("Single sign-on: the provider's configuration could not be read for sign-out ({Reason}); signed out of Attest only.", e.Message);
        }
        var done = new AuthenticationProperties { RedirectUri = "/signin?signed_out=1" };
        return string.IsNullOrEmpty(endSession)
            ? await LocalOnlyAsync(http)
            : TypedResults.SignOut(done, [AttestAuthentication.CookieScheme, Scheme]);
    }

    private static async Task<IResult> LocalOnlyAsync(HttpContext http)
    {
        await http.SignOutAsync(AttestAuthentication.CookieScheme);
        return TypedResults.Redirect("/signin?signed_out=1");
    }

    private static ILogger Log(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Attest.Web.Security.SingleSignOn");
}
