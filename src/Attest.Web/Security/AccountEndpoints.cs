using Attest.Core.Features.Identity;
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

    private static async Task<IResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(AttestAuthentication.CookieScheme);
        return TypedResults.Redirect("/signin");
    }

    // Only same-site paths: an open redirect after sign-in is a phishing tool.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
