using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;

namespace Attest.Web.Security;

internal static class SecurityServices
{
    public static void AddAttestSecurity(this IServiceCollection services, AuthSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<SetupModeLatch>();
        var auth = services.AddAuthentication(AttestAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, AttestAuthentication>(AttestAuthentication.SchemeName, null)
            .AddCookie(AttestAuthentication.CookieScheme, o =>
            {
                o.Cookie.Name = "attest.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = settings.SecureCookies ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = settings.SessionLifetime ?? TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            });
        if (settings.Sso is { } sso)
            auth.AddAttestSingleSignOn(services, sso, settings);
        if (settings.Oidc is { } oidc)
        {
            auth.AddJwtBearer(AttestAuthentication.JwtScheme, o =>
            {
                o.MapInboundClaims = false;
                o.Authority = oidc.Authority;
                o.RequireHttpsMetadata = oidc.Authority?.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ?? false;
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = oidc.Issuer,
                    ValidAudience = oidc.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = oidc.SigningKeyFile is null ? null : LoadKey(oidc.SigningKeyFile),
                };
            });
        }
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicies.Provider>();
        services.AddSingleton<IAuthorizationHandler, PermissionHandler>();
        services.AddAuthorization();
    }

    private static SecurityKey LoadKey(string pemFile)
    {
        var pem = File.ReadAllText(pemFile);
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
    }
}
