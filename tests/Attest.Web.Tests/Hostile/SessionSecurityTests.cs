using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Hostile;

/// <summary>
/// Issue 12, part 4: a signed-in browser cannot be made to act by another site (CSRF), sign-out is a POST
/// with the form's token, and the sign-in redirect goes only to a path on this site.
/// </summary>
public sealed partial class SessionSecurityTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly AttestWebFactory _factory = new(demo: true);
    private HttpClient _browser = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await _factory.WithServiceAsync<CreateUser, CreatedUser>(async c =>
            (await c.ExecuteAsync(new UserInput { UserName = "ada", DisplayName = "Ada Admin", Roles = ["admin"], Password = Password }, CallerIdentity.Attest, Ct)).Value!);
        _browser = _factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        _browser.DefaultRequestHeaders.Authorization = null; // a browser: the session cookie only, no demo API key
        var signedIn = await SignInAsync("/");
        signedIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signedIn.Headers.Location!.ToString().ShouldBe("/");
    }

    public async ValueTask DisposeAsync()
    {
        _browser.Dispose();
        await _factory.DisposeAsync();
    }

    private Uri Self => _browser.BaseAddress!;

    private string Origin => $"{Self.Scheme}://{Self.Authority}";

    private async Task<string> TokenAsync(string page = "/signin")
    {
        var html = await _browser.GetStringAsync(page, Ct);
        return WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
    }

    private async Task<HttpResponseMessage> SignInAsync(string returnUrl) =>
        await _browser.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["user_name"] = "ada",
            ["password"] = Password,
            ["return_url"] = returnUrl,
            ["__RequestVerificationToken"] = await TokenAsync(),
        }), Ct);

    private async Task<HttpResponseMessage> PostAsync(string url, HttpContent? content, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (origin is not null) request.Headers.Add("Origin", origin);
        return await _browser.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Cookie_API_calls_from_another_site_are_refused_whatever_the_content_type()
    {
        var plain = await PostAsync("/api/v1/ledger/checkpoints", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"), "http://evil.example");
        plain.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await plain.Content.ReadAsStringAsync(Ct)).ShouldContain("Cross-site request refused");

        var form = await PostAsync("/api/v1/waivers/wv_any/approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "ok" }), "http://evil.example");
        form.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var multipart = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", "x.txt" }, { new StringContent("fairness_report"), "type" } };
        (await PostAsync("/api/v1/systems/credit-scoring/evidence", multipart, "http://evil.example")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // No Origin at all is refused too: the cookie alone is not enough for a change.
        (await PostAsync("/api/v1/ledger/checkpoints", null, origin: null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cookie_API_calls_from_this_site_or_with_the_antiforgery_token_are_accepted()
    {
        (await PostAsync("/api/v1/ledger/checkpoints", null, Origin)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ledger/checkpoints");
        request.Headers.Add("RequestVerificationToken", await TokenAsync("/ledger"));
        (await _browser.SendAsync(request, Ct)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
    }

    [Fact]
    public async Task API_key_calls_need_no_origin_or_token()
    {
        var key = await _factory.WithServiceAsync<CreateApiKey, CreatedApiKey>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "ci", Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!);
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ledger/checkpoints");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Secret);
        request.Headers.Add("Origin", "http://elsewhere.example");
        (await client.SendAsync(request, Ct)).StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.Created);
    }

    [Fact]
    public async Task Sign_out_needs_a_POST_with_the_forms_token()
    {
        (await _browser.GetAsync("/account/signout", Ct)).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
        var forged = await PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>()), "http://evil.example");
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _browser.GetAsync("/systems", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK); // still signed in

        var token = await TokenAsync("/systems");
        var signedOut = await PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Origin);
        signedOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await _browser.GetAsync("/systems", Ct)).StatusCode.ShouldBe(HttpStatusCode.Redirect); // to the sign-in page
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\r\nSet-Cookie: x=1")]
    [InlineData("/ok\n/")]
    public async Task Sign_in_return_url_goes_only_to_a_local_path(string returnUrl)
    {
        var response = await SignInAsync(returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/");
    }

    [Fact]
    public async Task Sign_in_return_url_keeps_a_local_path_with_its_query()
    {
        var response = await SignInAsync("/systems/credit-scoring?tab=evidence");
        response.Headers.Location!.OriginalString.ShouldBe("/systems/credit-scoring?tab=evidence");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

/// <summary>Issue 12, part 3: setup mode happens once, on this machine only, and can be switched off.</summary>
public sealed class SetupModeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpStatusCode> CreateKeyAnonymouslyAsync(HttpClient client, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys") { Content = Json.Body("""{"name":"intruder","roles":["admin"]}""") };
        configure?.Invoke(request);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Setup_mode_never_reopens_after_the_last_key_is_revoked()
    {
        await using var factory = new AttestWebFactory();
        using var client = factory.CreateClient();
        (await CreateKeyAnonymouslyAsync(client)).ShouldBe(HttpStatusCode.Created); // a fresh install: the first key, from this machine
        var keys = await factory.WithServiceAsync<ListApiKeys, IReadOnlyList<ApiKeyDto>>(k => k.ExecuteAsync(Attest.Core.Governance.ReadScope.Everything, Ct));
        foreach (var key in keys)
            (await factory.WithServiceAsync<RevokeApiKey, Result<ApiKeyDto>>(r => r.ExecuteAsync(key.Id, CallerIdentity.Attest, Ct))).IsOk.ShouldBeTrue();

        (await CreateKeyAnonymouslyAsync(client)).ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.WithServiceAsync<IsSetupMode, bool>(s => s.ExecuteAsync(Ct))).ShouldBeFalse();
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.5")]
    [InlineData("Forwarded", "for=203.0.113.5")]
    [InlineData("X-Real-IP", "203.0.113.5")]
    public async Task Setup_mode_is_never_granted_to_a_request_with_forwarding_headers(string header, string value)
    {
        await using var factory = new AttestWebFactory();
        using var client = factory.CreateClient();

        (await CreateKeyAnonymouslyAsync(client, r => r.Headers.Add(header, value))).ShouldBe(HttpStatusCode.Unauthorized);
        (await factory.WithServiceAsync<IsSetupMode, bool>(s => s.ExecuteAsync(Ct))).ShouldBeTrue(); // nothing was created
    }

    [Fact]
    public async Task Setup_mode_is_never_granted_through_a_configured_proxy_or_when_switched_off()
    {
        // A reverse proxy on this machine forwards a remote caller from 127.0.0.1 (and may strip the headers):
        // with the proxy configured, a loopback request is not local.
        await using (var proxied = new AttestWebFactory(settings: new Dictionary<string, string> { ["Attest:Auth:Proxies"] = "127.0.0.1, ::1" }) { RemoteAddress = IPAddress.Loopback })
        {
            using var client = proxied.CreateClient();
            (await CreateKeyAnonymouslyAsync(client)).ShouldBe(HttpStatusCode.Unauthorized);
        }
        await using (var direct = new AttestWebFactory { RemoteAddress = IPAddress.Loopback })
        {
            using var client = direct.CreateClient();
            (await CreateKeyAnonymouslyAsync(client)).ShouldBe(HttpStatusCode.Created); // without a proxy, loopback is this machine
        }
        await using var off = new AttestWebFactory(settings: new Dictionary<string, string> { ["Attest:Auth:SetupMode"] = "off" });
        using var offClient = off.CreateClient();
        (await CreateKeyAnonymouslyAsync(offClient)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Setup_mode_refuses_a_request_from_another_site()
    {
        await using var factory = new AttestWebFactory();
        using var client = factory.CreateClient();

        (await CreateKeyAnonymouslyAsync(client, r => r.Headers.Add("Origin", "http://evil.example"))).ShouldBe(HttpStatusCode.Forbidden);
        (await CreateKeyAnonymouslyAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "cross-site"))).ShouldBe(HttpStatusCode.Forbidden);
    }
}
