using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Attest.Web.Tests.Support;

/// <summary>A person at the test identity provider.</summary>
public sealed record TestPerson(string Subject, string UserName, string Name, string Email, IReadOnlyList<string> Groups, IReadOnlyList<string>? Roles = null);

/// <summary>How the test provider spoils the ID token it issues, to prove Attest refuses it.</summary>
public enum TokenSpoiling { None, WrongAudience, WrongIssuer, Expired, UnknownKey }

/// <summary>
/// A real OpenID Connect provider for tests: an OpenIddict 7 server on Kestrel (loopback, a free port) with the
/// authorization-code flow and PKCE required, an end-session endpoint, one confidential client (Attest), and the
/// person in <see cref="Person"/> signed in at once (no login page: the provider's own UI is not under test). It runs in
/// OpenIddict's degraded mode, so the client and its redirect URIs are checked by the handlers below, strictly.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "attest-web";
    public const string ClientSecret = "attest-web-test-secret";

    private WebApplication _app = null!;
    private int _endSessions;

    public string Authority { get; private set; } = "";

    /// <summary>Attest's callback, set once Attest listens: the provider redirects nowhere else.</summary>
    public string? AttestBaseUrl { get; set; }

    public TestPerson Person { get; set; } = new("1001", "dana.ortiz", "Dana Ortiz", "dana.ortiz@example.com", ["attest-governance"]);

    public TokenSpoiling Spoiling { get; set; }

    public int EndSessionRequests => Volatile.Read(ref _endSessions);

    public static async Task<TestOidcProvider> StartAsync()
    {
        var provider = new TestOidcProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddRouting();
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, "groups");
            o.EnableDegradedMode();
            o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();

            o.AddEventHandler<ValidateAuthorizationRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId)
                    context.Reject(Errors.InvalidClient, "Unknown client.");
                else if (provider.AttestBaseUrl is null || context.RedirectUri != provider.AttestBaseUrl + "/signin-oidc")
                    context.Reject(Errors.InvalidRequest, "The redirect_uri is not registered.");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "The client credentials are wrong.");
                return default;
            }));
            o.AddEventHandler<ValidateEndSessionRequestContext>(b => b.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && uri != provider.AttestBaseUrl + "/signout-callback-oidc")
                    context.Reject(Errors.InvalidRequest, "The post_logout_redirect_uri is not registered.");
                return default;
            }));
            // Runs just after OpenIddict wrote the ID token as a signed JWT.
            o.AddEventHandler<GenerateTokenContext>(b => b.UseInlineHandler(context =>
            {
                if (context.TokenType == TokenTypeIdentifiers.IdentityToken) provider.Spoil(context);
                return default;
            }).SetOrder(OpenIddictServerHandlers.Protection.GenerateIdentityModelToken.Descriptor.Order + 1));
        });

        var app = builder.Build();
        app.UseRouting();
        app.UseAuthentication();
        app.MapGet("/connect/authorize", (HttpContext http) => provider.Authorize(http));
        app.MapGet("/connect/endsession", () =>
        {
            Interlocked.Increment(ref provider._endSessions);
            return Results.SignOut(new AuthenticationProperties(), [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
        await app.StartAsync();
        provider._app = app;
        provider.Authority = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
        return provider;
    }

    private IResult Authorize(HttpContext http)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenID Connect request");
        var person = Person;
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, person.Subject));
        identity.AddClaim(new Claim(Claims.Name, person.Name));
        identity.AddClaim(new Claim(Claims.PreferredUsername, person.UserName));
        identity.AddClaim(new Claim(Claims.Email, person.Email));
        identity.AddClaim(new Claim(Claims.EmailVerified, "true", ClaimValueTypes.Boolean));
        foreach (var group in person.Groups) identity.AddClaim(new Claim("groups", group));
        foreach (var role in person.Roles ?? []) identity.AddClaim(new Claim("roles", role));
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>Rewrites the ID token OpenIddict just wrote: one claim changed (or a key the provider never published), signed again.</summary>
    private void Spoil(GenerateTokenContext context)
    {
        if (Spoiling == TokenSpoiling.None || context.Token is null) return;
        var written = new JsonWebToken(context.Token);
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(written.EncodedPayload))!.AsObject();
        var now = DateTimeOffset.UtcNow;
        var credentials = context.SigningCredentials!;
        switch (Spoiling)
        {
            case TokenSpoiling.WrongAudience:
                payload["aud"] = "another-application";
                break;
            case TokenSpoiling.WrongIssuer:
                payload["iss"] = "http://127.0.0.1:9/not-the-provider/";
                break;
            case TokenSpoiling.Expired:
                payload["iat"] = now.AddHours(-2).ToUnixTimeSeconds();
                payload["nbf"] = now.AddHours(-2).ToUnixTimeSeconds();
                payload["exp"] = now.AddHours(-1).ToUnixTimeSeconds();
                break;
            case TokenSpoiling.UnknownKey:
                credentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-published" }, SecurityAlgorithms.RsaSha256);
                break;
        }
        context.Token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(payload.ToJsonString(), credentials);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
