using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Attest.Web.Tests.Security;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test.attest";
    private readonly RSA _issuerKey = RSA.Create(2048);
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"attest-oidc-{Guid.NewGuid():N}.pem");
    private AttestWebFactory _factory = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await File.WriteAllTextAsync(_keyFile, _issuerKey.ExportSubjectPublicKeyInfoPem());
        _factory = new AttestWebFactory(demo: true, new Dictionary<string, string>
        {
            ["Attest:Oidc:Issuer"] = Issuer,
            ["Attest:Oidc:Audience"] = "attest-api",
            ["Attest:Oidc:SigningKeyFile"] = _keyFile,
        });
        _client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        // These tests send their own credentials, or none.
        _client.DefaultRequestHeaders.Authorization = null;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        File.Delete(_keyFile);
        _issuerKey.Dispose();
    }

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CreatedApiKey> KeyAsync(string role, string? system = null) =>
        _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c => (await c.ExecuteAsync(new ApiKeyInput { Name = role, Roles = [role], System = system }, CallerIdentity.Attest, Ct)).Value!);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? bearer, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : Json.Body(json) };
        if (bearer is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await _client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Once_a_key_exists_an_unauthenticated_API_call_gets_401_problem_details()
    {
        await KeyAsync("auditor");

        var response = await SendAsync(HttpMethod.Get, "/api/v1/systems", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
    }

    [Fact]
    public async Task Keys_authenticate_and_roles_decide_401_vs_403()
    {
        var auditor = await KeyAsync("auditor");
        var revoked = await KeyAsync("admin");
        await _factory.WithServiceAsync<RevokeApiKey, bool>(async r => (await r.ExecuteAsync(revoked.Key.Id, CallerIdentity.Attest, Ct)).IsOk);

        (await SendAsync(HttpMethod.Get, "/api/v1/systems", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(HttpMethod.Get, "/api/v1/ledger", auditor.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var forbidden = await SendAsync(HttpMethod.Post, "/api/v1/systems", auditor.Secret, Json.SystemJson("new-system"));
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("auditor");
        var wrong = await SendAsync(HttpMethod.Get, "/api/v1/systems", "atk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.ReadAsync())["detail"]!.GetValue<string>().ShouldContain("unknown, revoked or expired");
        (await SendAsync(HttpMethod.Get, "/api/v1/systems", revoked.Secret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_scoped_to_one_system_changes_only_that_system()
    {
        var owner = await KeyAsync("product_owner", system: "credit-scoring");
        var credit = await (await SendAsync(HttpMethod.Get, "/api/v1/systems/credit-scoring", owner.Secret)).ReadAsync();
        var body = $$"""{"slug":"credit-scoring","name":"Consumer credit scoring","purpose":"{{credit["purpose"]}}","business_owner":"M","technical_owner":"D","business_unit":"Retail Lending","stage":"deployed"}""";

        (await SendAsync(HttpMethod.Put, "/api/v1/systems/credit-scoring", owner.Secret, body)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var other = await SendAsync(HttpMethod.Put, "/api/v1/systems/resume-screening", owner.Secret, body.Replace("credit-scoring", "resume-screening"));
        other.StatusCode.ShouldBe(HttpStatusCode.NotFound, "a system outside the key's scope does not exist for it");
        (await SendAsync(HttpMethod.Post, "/api/v1/systems", owner.Secret, Json.SystemJson("sneaky"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Delete, "/api/v1/systems/credit-scoring", owner.Secret)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_ledger_names_the_key_that_made_a_change()
    {
        var engineer = await KeyAsync("admin");

        var created = await SendAsync(HttpMethod.Post, "/api/v1/systems", engineer.Secret, Json.SystemJson("by-key"));

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.ReadAsync())["id"]!.GetValue<string>();
        var ledger = await (await SendAsync(HttpMethod.Get, $"/api/v1/ledger?subject=system:{id}", engineer.Secret)).ReadAsync();
        ledger["items"]![0]!["actor"]!.GetValue<string>().ShouldBe($"key:{engineer.Key.Id}");
    }

    [Fact]
    public async Task An_OIDC_token_from_the_configured_issuer_authenticates_with_its_roles()
    {
        await KeyAsync("auditor");

        var good = await SendAsync(HttpMethod.Get, "/api/v1/me", Token(Issuer, "attest-api", _issuerKey, "auditor"));
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        var me = await good.ReadAsync();
        me["actor"]!.GetValue<string>().ShouldBe("oidc:dana-123");
        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["auditor"]);

        var wrongAudience = await SendAsync(HttpMethod.Get, "/api/v1/me", Token(Issuer, "another-api", _issuerKey, "auditor"));
        wrongAudience.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Why (here: the audience) is for the operator's log; the caller learns only that the token was refused.
        var refusal = (await wrongAudience.ReadAsync())["detail"]!.GetValue<string>();
        refusal.ShouldBe(Attest.Web.Security.AttestAuthentication.InvalidToken);
        refusal.ShouldNotContain("IDX", Case.Sensitive);
        (await SendAsync(HttpMethod.Get, "/api/v1/me", Token("https://evil.example", "attest-api", _issuerKey, "auditor"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var forger = RSA.Create(2048);
        (await SendAsync(HttpMethod.Get, "/api/v1/me", Token(Issuer, "attest-api", forger, "admin"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(HttpMethod.Post, "/api/v1/systems", Token(Issuer, "attest-api", _issuerKey, "auditor"), Json.SystemJson("x"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_UI_sends_strangers_to_sign_in_and_refuses_a_sign_in_without_an_antiforgery_token()
    {
        await KeyAsync("auditor");

        var page = await _client.GetAsync("/systems", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldBe("/signin?return_url=%2Fsystems");
        (await _client.GetAsync("/signin", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var forged = await _client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = "x", ["password"] = "y" }), Ct);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static string Token(string issuer, string audience, RSA key, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = audience,
        Subject = new ClaimsIdentity([new Claim("sub", "dana-123"), new Claim("name", "Dana Kim"), new Claim("roles", role)]),
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
    });
}
