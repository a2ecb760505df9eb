namespace Attest.Web.Security;

/// <summary>Authentication configuration (section Attest:Auth and Attest:Oidc).</summary>
/// <param name="AllowSetupMode">Serve loopback callers as a setup administrator while no user or key exists.</param>
/// <param name="SecureCookies">Send the session cookie only over HTTPS (turn on behind TLS).</param>
public sealed record AuthSettings(bool AllowSetupMode, bool SecureCookies, OidcSettings? Oidc)
{
    public static AuthSettings From(IConfiguration config)
    {
        var oidc = config.GetSection("Attest:Oidc");
        var issuer = oidc["Issuer"];
        return new AuthSettings(
            !string.Equals(config["Attest:Auth:SetupMode"], "off", StringComparison.OrdinalIgnoreCase),
            string.Equals(config["Attest:Auth:SecureCookies"], "true", StringComparison.OrdinalIgnoreCase),
            string.IsNullOrWhiteSpace(issuer) ? null : new OidcSettings(
                issuer,
                oidc["Audience"] ?? throw new InvalidOperationException("Attest:Oidc:Audience is required when Attest:Oidc:Issuer is set."),
                oidc["Authority"],
                oidc["SigningKeyFile"],
                oidc["RolesClaim"] ?? "roles"));
    }
}

/// <param name="Authority">Where to discover signing keys (/.well-known/openid-configuration); or</param>
/// <param name="SigningKeyFile">a PEM public key (RSA or EC) of the issuer, for offline or test issuers.</param>
/// <param name="RolesClaim">The token claim holding Attest role names.</param>
public sealed record OidcSettings(string Issuer, string Audience, string? Authority, string? SigningKeyFile, string RolesClaim);
