using Attest.Core.Features.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Attest.Web.Security;

/// <summary>Sign-in and sign-out for the web UI (form posts with antiforgery tokens; sign-in is rate limited).</summary>
internal static class AccountEndpoints
{
    public const string SignInRateLimit = "signin";

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(SignInRateLimit).ExcludeFromDescription();
        app.MapPost("/account/signout", (Delegate)SignOutAsync).AllowAnonymous().ExcludeFromDescription();
        // Signing out is a POST with the form's antiforgery token (the header's form has one); a link or another site cannot do it.
        // Single sign-on: a GET that sends the browser to the identity provider (nothing changes here until it comes back).
        app.MapGet("/account/sso", ([FromQuery(Name = "return_url")] string? returnUrl, AuthSettings settings) =>
            settings.Sso is null ? Results.NotFound() : SingleSignOn.Challenge(returnUrl)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/account/signout", () => TypedResults.StatusCode(StatusCodes.Status405MethodNotAllowed)).AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync(
        [FromForm(Name = "user_name")] string? userName, [FromForm(Name = "password")] string? password, [FromForm(Name = "return_url")] string? returnUrl,
        SignInWithPassword useCase, HttpContext http, CancellationToken ct)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        var result = await useCase.ExecuteAsync(userName, password, ct);
        if (!result.IsOk) return TypedResults.Redirect("/signin?failed=1&return_url=" + Uri.EscapeDataString(target));
        await http.SignInAsync(AttestAuthentication.CookieScheme, AttestClaims.ToPrincipal(result.Value!, AttestAuthentication.CookieScheme));
        return TypedResults.Redirect(target);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery)
    {
        bool valid;
        try
        {
            valid = http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or AntiforgeryValidationException)
        {
            valid = false;
        }
        if (!valid)
            return TypedResults.Problem("Sign out with the Sign out button: the request carries no valid antiforgery token.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid sign-out request");
        var session = await http.AuthenticateAsync(AttestAuthentication.CookieScheme);
        if (session.Principal?.FindFirst(SingleSignOn.SsoClaim) is not null && http.RequestServices.GetRequiredService<AuthSettings>().Sso is not null)
            return await SingleSignOn.SignOutAsync(http);
        await http.SignOutAsync(AttestAuthentication.CookieScheme);
        return TypedResults.Redirect("/signin");
    }

    /// <summary>
    /// Only a path on this site: "/" alone, or "/" followed by anything but "/" or "\" (which browsers read as
    /// another host), with no control or white-space character anywhere (browsers drop tabs and newlines, so
    /// "/\t/evil.example" would become "//evil.example"; CR/LF would also split the Location header).
    /// An open redirect after sign-in is a phishing tool.
    /// </summary>
    internal static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) && url.Length <= 2048;
}
