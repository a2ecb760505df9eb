using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Security;

/// <summary>
/// Refuses cross-site requests that would ride on ambient authority. An API call that changes something
/// (any method but GET, HEAD, OPTIONS, TRACE) and is authenticated by the session cookie must carry the
/// antiforgery token (header <c>RequestVerificationToken</c> or form field) or an <c>Origin</c> header of
/// this very site; in setup mode (no credentials at all) a request from another origin is refused.
/// API keys and bearer tokens are not sent by browsers on their own, so they are unaffected.
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, IAntiforgery antiforgery, IProblemDetailsService problems)
    {
        if (!AttestAuthentication.IsApiRequest(http.Request) || IsSafe(http.Request.Method))
        {
            await next(http);
            return;
        }
        var by = http.User.FindFirst(AttestClaims.AuthenticatedBy)?.Value;
        var refusal = by switch
        {
            AttestClaims.ByCookie when !IsSameOrigin(http) && !await IsTokenValidAsync(http, antiforgery) =>
                "This call is authenticated by the session cookie but carries neither the antiforgery token nor an Origin header of this site. "
                + "Scripts and tools should use an API key (Authorization: Bearer atk_…).",
            AttestClaims.BySetupMode when IsCrossSite(http) => "Setup mode does not accept requests from other sites.",
            _ => null,
        };
        if (refusal is null)
        {
            await next(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = 403, Title = "Cross-site request refused", Detail = refusal },
        });
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    private static string Self(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host.Value}";

    internal static bool IsSameOrigin(HttpContext http) =>
        http.Request.Headers.Origin.ToString() is { Length: > 0 } origin && string.Equals(origin, Self(http), StringComparison.OrdinalIgnoreCase);

    /// <summary>A browser says where a request comes from: an Origin of another site, or Sec-Fetch-Site naming another site.</summary>
    private static bool IsCrossSite(HttpContext http)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, Self(http), StringComparison.OrdinalIgnoreCase)) return true;
        return http.Request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site";
    }

    private static async Task<bool> IsTokenValidAsync(HttpContext http, IAntiforgery antiforgery)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(http);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or AntiforgeryValidationException)
        {
            return false; // an unreadable form is no token
        }
    }
}

/// <summary>
/// Security headers on every response: no MIME sniffing, no referrer leaving the site, never framed, and a
/// Content-Security-Policy without inline scripts (the UI has none; API responses, including generated
/// HTML documents, may not run any script at all).
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; font-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    public const string ApiPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = AttestAuthentication.IsApiRequest(http.Request) ? ApiPolicy : PagePolicy;
            return Task.CompletedTask;
        });
        return next(http);
    }
}
