namespace Attest.Web.Security;

/// <summary>Authentication configuration (sections Attest:Auth, Attest:Oidc for API bearer tokens, Attest:Sso for web sign-in).</summary>
/// <param name="AllowSetupMode">Serve loopback callers as a setup administrator while no user or key was ever created (Attest:Auth:SetupMode=off disables it).</param>
/// <param name="SecureCookies">Send the session cookie only over HTTPS (turn on behind TLS).</param>
/// <param name="Proxies">Addresses of reverse proxies in front of Attest (Attest:Auth:Proxies, separated by commas): a request arriving through one is never local.</param>
/// <param name="Sso">Single sign-on for the web UI, when configured.</param>
/// <param name="SessionLifetime">How long a web session lasts.</param>
/// <param name="Problems">What is wrong with the settings: the start stops with the first (<see cref="Hosting.DataStartup"/>).</param>
public sealed record AuthSettings(bool AllowSetupMode, bool SecureCookies, OidcSettings? Oidc, IReadOnlyList<System.Net.IPAddress>? Proxies = null,
    SsoSettings? Sso = null, TimeSpan? SessionLifetime = null, IReadOnlyList<Attest.Core.DataFiles.DataError>? Problems = null)
{
    public static AuthSettings From(IConfiguration config)
    {
        var oidc = config.GetSection("Attest:Oidc");
        var issuer = oidc["Issuer"];
        var problems = new List<Attest.Core.DataFiles.DataError>();
        var sso = SsoSettings.From(config, problems);
        var lifetime = SsoSettings.SessionLifetime(config, problems);
        return new AuthSettings(
            !string.Equals(config["Attest:Auth:SetupMode"], "off", StringComparison.OrdinalIgnoreCase),
            string.Equals(config["Attest:Auth:SecureCookies"], "true", StringComparison.OrdinalIgnoreCase),
            string.IsNullOrWhiteSpace(issuer) ? null : new OidcSettings(
                issuer,
                oidc["Audience"] ?? throw new InvalidOperationException("Attest:Oidc:Audience is required when Attest:Oidc:Issuer is set."),
                oidc["Authority"],
                oidc["SigningKeyFile"],
                oidc["RolesClaim"] ?? "roles"),
            ParseProxies(config["Attest:Auth:Proxies"]),
            problems.Count == 0 ? sso : null,
            lifetime,
            problems);
    }

    private static System.Net.IPAddress[] ParseProxies(string? value) =>
        [.. (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(text =>
            System.Net.IPAddress.TryParse(text, out var address) ? address : throw new InvalidOperationException($"Attest:Auth:Proxies: '{text}' is not an IP address."))];
}

/// <param name="Authority">Where to discover signing keys (/.well-known/openid-configuration); or</param>
/// <param name="SigningKeyFile">a PEM public key (RSA or EC) of the issuer, for offline or test issuers.</param>
/// <param name="RolesClaim">The token claim holding Attest role names.</param>
public sealed record OidcSettings(string Issuer, string Audience, string? Authority, string? SigningKeyFile, string RolesClaim);
