using System.Globalization;
using Attest.Core.DataFiles;

namespace Attest.Web.Security;

/// <summary>
/// Single sign-on for the web UI (section Attest:Sso): OpenID Connect authorization-code flow with PKCE against the
/// organisation's identity provider. Off unless <c>Attest:Sso:Authority</c> is set. Problems with the settings are
/// collected here and stop the start (<see cref="Hosting.DataStartup"/>), one line each, never a stack trace.
/// </summary>
/// <param name="Authority">The provider's issuer URL (its /.well-known/openid-configuration is read from there).</param>
/// <param name="ClientSecret">From configuration or the environment (<c>Attest__Sso__ClientSecret</c>); none for a public client (PKCE only).</param>
/// <param name="DisplayName">Shown on the sign-in page as "Sign in with …" and named as the ledger actor <c>sso:&lt;name&gt;</c>.</param>
/// <param name="RolesClaim">The ID-token claim holding role values (Attest role names, or values listed in the role map).</param>
/// <param name="GroupsClaim">The ID-token claim holding the person's groups.</param>
/// <param name="RoleMapFile">The group → role map (format attest.sso-role-map/v1); none: only Attest role names in <paramref name="RolesClaim"/> count.</param>
/// <param name="RequireHttpsMetadata">The authority must be HTTPS, except on loopback (a provider on the same machine).</param>
public sealed record SsoSettings(
    string Authority, string ClientId, string? ClientSecret, string DisplayName, IReadOnlyList<string> Scopes,
    string RolesClaim, string GroupsClaim, string? RoleMapFile, bool RequireHttpsMetadata)
{
    public const string Section = "Attest:Sso";

    /// <summary>The settings, or null when single sign-on is off; <paramref name="problems"/> lists what is wrong.</summary>
    public static SsoSettings? From(IConfiguration config, List<DataError> problems)
    {
        var section = config.GetSection(Section);
        var authority = section["Authority"];
        if (string.IsNullOrWhiteSpace(authority)) return null;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            problems.Add(Problem("Authority", $"'{authority}' is not an http(s) URL"));
            return null;
        }
        var loopback = uri.IsLoopback;
        if (uri.Scheme == "http" && !loopback)
            problems.Add(Problem("Authority", "must be https (plain http is accepted only for a provider on this machine)"));
        var clientId = section["ClientId"];
        if (string.IsNullOrWhiteSpace(clientId)) problems.Add(Problem("ClientId", "is required when Attest:Sso:Authority is set"));
        var scopes = (section["Scopes"] ?? "openid profile email").Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!scopes.Contains("openid", StringComparer.Ordinal)) scopes = ["openid", .. scopes];
        var roleMap = section["RoleMap"];
        return new SsoSettings(
            authority.TrimEnd('/') + "/",
            clientId ?? "",
            string.IsNullOrEmpty(section["ClientSecret"]) ? null : section["ClientSecret"],
            section["DisplayName"] is { Length: > 0 } name ? name : uri.Host,
            scopes,
            section["RolesClaim"] is { Length: > 0 } roles ? roles : "roles",
            section["GroupsClaim"] is { Length: > 0 } groups ? groups : "groups",
            string.IsNullOrWhiteSpace(roleMap) ? null : roleMap,
            !loopback);
    }

    /// <summary>How long a web session lasts (Attest:Auth:SessionLifetime, e.g. 08:00:00); a single-sign-on session ends then, however active.</summary>
    public static TimeSpan SessionLifetime(IConfiguration config, List<DataError> problems)
    {
        var text = config["Attest:Auth:SessionLifetime"];
        if (string.IsNullOrWhiteSpace(text)) return TimeSpan.FromHours(8);
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var lifetime) && lifetime > TimeSpan.Zero && lifetime <= TimeSpan.FromDays(30))
            return lifetime;
        problems.Add(new DataError("configuration", null, "Attest:Auth:SessionLifetime", $"'{text}' is not a duration between 00:00:01 and 30.00:00:00 (hh:mm:ss)"));
        return TimeSpan.FromHours(8);
    }

    private static DataError Problem(string key, string message) => new("configuration", null, $"{Section}:{key}", message);
}
