using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attest.Web.Tests.Security;

/// <summary>
/// Web sign-in through a real OpenID Connect provider (<see cref="TestOidcProvider"/>, OpenIddict on Kestrel) against
/// Attest on Kestrel, driven by an HTTP client that follows redirects and keeps cookies as a browser does.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime
{
    private const string RoleMap = """
        format: attest.sso-role-map/v1
        groups:
          - group: attest-governance
            roles: [governance_lead]
          - group: credit-team
            roles: [product_owner]
            systems: [credit-scoring]
          - group: privacy-reviewers
            roles: [reviewer]
            specialties: [privacy]
        """;

    private TestOidcProvider _provider = null!;
    private SsoAttest _attest = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _attest = await SsoAttest.StartAsync(_provider, RoleMap);
        await _attest.WithServiceAsync<RegisterSystem, bool>(async r => (await r.ExecuteAsync(
            JsonSerializer.Deserialize<SystemInput>(Json.SystemJson("credit-scoring"), AttestJson.Options)!, CallerIdentity.Attest, Ct)).IsOk);
    }

    public async ValueTask DisposeAsync()
    {
        await _attest.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Signing_in_through_the_provider_makes_a_local_user_whose_groups_give_roles_and_system_membership()
    {
        _provider.Person = _provider.Person with { Groups = ["attest-governance", "credit-team", "someone-elses-group"] };
        using var browser = _attest.Browser();

        var landed = await browser.GetAsync("/account/sso?return_url=" + Uri.EscapeDataString("/api/v1/me"), Ct);

        landed.StatusCode.ShouldBe(HttpStatusCode.OK);
        landed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/api/v1/me");
        var me = JsonNode.Parse(await landed.Content.ReadAsStringAsync(Ct))!;
        me["actor"]!.GetValue<string>().ShouldBe("user:dana.ortiz");
        me["display_name"]!.GetValue<string>().ShouldBe("Dana Ortiz");
        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["governance_lead", "product_owner"]);

        await using var scope = _attest.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
        var user = await db.Users.SingleAsync(Ct);
        user.ExternalId.ShouldBe(_provider.Authority + "|1001");
        user.PasswordHash.ShouldBeNull();
        (await db.SystemMembers.SingleAsync(Ct)).Role.ShouldBe("product_owner");
        var recorded = await db.Ledger.Where(e => e.Actor == "sso:test-idp").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct);
        recorded.ShouldBe(["user.created", "system.member_granted"]);
    }

    [Fact]
    public async Task The_next_sign_in_follows_the_groups_the_provider_sends_then()
    {
        _provider.Person = _provider.Person with { Groups = ["attest-governance", "credit-team"] };
        using (var first = _attest.Browser())
            (await first.GetAsync("/account/sso?return_url=/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _provider.Person = _provider.Person with { Groups = ["privacy-reviewers"] };
        using var browser = _attest.Browser();
        var me = JsonNode.Parse(await (await browser.GetAsync("/account/sso?return_url=/api/v1/me", Ct)).Content.ReadAsStringAsync(Ct))!;

        me["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["reviewer"]);
        me["specialties"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["privacy"]);
        await using var scope = _attest.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
        (await db.Users.CountAsync(Ct)).ShouldBe(1);
        (await db.SystemMembers.CountAsync(Ct)).ShouldBe(0);
        var recorded = await db.Ledger.Where(e => e.Actor == "sso:test-idp").OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct);
        recorded.ShouldBe(["user.created", "system.member_granted", "user.roles_changed", "system.member_revoked"]);
    }

    [Fact]
    public async Task A_person_whose_groups_give_no_Attest_role_is_refused_and_no_user_is_made()
    {
        _provider.Person = _provider.Person with { Groups = ["marketing"] };
        using var browser = _attest.Browser();

        var landed = await browser.GetAsync("/account/sso?return_url=/api/v1/me", Ct);

        landed.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe("/signin?failed=sso");
        (await landed.Content.ReadAsStringAsync(Ct)).ShouldContain(SignInWithSso.Refusal);
        _attest.Logs.ShouldContain(l => l.Contains("give no Attest role", StringComparison.Ordinal));
        await using var scope = _attest.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AttestDbContext>().Users.CountAsync(Ct)).ShouldBe(0);
    }

    [Theory]
    [InlineData(TokenSpoiling.WrongAudience, "audience")]
    [InlineData(TokenSpoiling.WrongIssuer, "issuer")]
    [InlineData(TokenSpoiling.Expired, "expired")]
    [InlineData(TokenSpoiling.UnknownKey, "signature")]
    public async Task An_ID_token_that_is_not_for_Attest_is_refused_with_the_reason_in_the_log_only(TokenSpoiling spoiling, string reason)
    {
        _provider.Spoiling = spoiling;
        using var browser = _attest.Browser();

        var landed = await browser.GetAsync("/account/sso?return_url=/api/v1/me", Ct);

        landed.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe("/signin?failed=sso");
        var page = await landed.Content.ReadAsStringAsync(Ct);
        page.ShouldContain(SignInWithSso.Refusal);
        page.ShouldNotContain("IDX", Case.Sensitive);
        page.ShouldNotContain(reason, Case.Insensitive);
        _attest.Logs.ShouldContain(l => l.Contains("Single sign-on through test-idp failed", StringComparison.Ordinal) && l.Contains(reason, StringComparison.OrdinalIgnoreCase));
        (await browser.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await using var scope = _attest.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<AttestDbContext>().Users.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        using var browser = _attest.Browser();
        (await browser.GetAsync("/account/sso?return_url=/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var page = await browser.GetStringAsync("/me/work", Ct);
        page.ShouldContain("Dana Ortiz");

        var signedOut = await browser.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value),
        }), Ct);

        signedOut.RequestMessage!.RequestUri!.PathAndQuery.ShouldBe("/signin?signed_out=1");
        _provider.EndSessionRequests.ShouldBe(1);
        (await browser.GetAsync("/api/v1/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetAsync("/me/work", Ct)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/signin");
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider_beside_local_accounts()
    {
        using var browser = _attest.Browser();

        var page = await browser.GetStringAsync("/signin?return_url=%2Fsystems", Ct);

        page.ShouldContain("Sign in with test-idp");
        page.ShouldContain("href=\"/account/sso?return_url=%2Fsystems\"");
        page.ShouldContain("name=\"password\"");
    }
}

/// <summary>A single-sign-on session ends at its lifetime, however active; the next request must sign in again.</summary>
public sealed class SingleSignOnSessionTests : IAsyncLifetime
{
    private TestOidcProvider _provider = null!;
    private SsoAttest _attest = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _provider.Person = _provider.Person with { Groups = [], Roles = ["auditor"] };
        _attest = await SsoAttest.StartAsync(_provider, roleMap: null, sessionLifetime: "00:00:08");
    }

    public async ValueTask DisposeAsync()
    {
        await _attest.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_session_ends_at_its_lifetime_even_while_in_use()
    {
        var ct = TestContext.Current.CancellationToken;
        using var browser = _attest.Browser();
        var started = Stopwatch.StartNew();
        var landed = await browser.GetAsync("/account/sso?return_url=/api/v1/me", ct);
        landed.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await landed.Content.ReadAsStringAsync(ct))!["roles"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldBe(["auditor"]);

        // Keep using the session (an active session is not extended) until it is refused; a cap, not a delay.
        HttpStatusCode status;
        do
        {
            status = (await browser.GetAsync("/api/v1/me", ct)).StatusCode;
            if (status == HttpStatusCode.OK) await Task.Delay(250, ct);
        }
        while (status == HttpStatusCode.OK && started.Elapsed < TimeSpan.FromMinutes(2));

        status.ShouldBe(HttpStatusCode.Unauthorized);
        started.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(7));
        (await browser.GetAsync("/me/work", ct)).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/signin");
    }
}

/// <summary>Attest on Kestrel (loopback, a free port) over a fresh data directory (and database: <see cref="Attest.Core.Tests.Support.TestProvider"/>), signing in through <see cref="TestOidcProvider"/>.</summary>
internal sealed class SsoAttest : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings = [];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "attest-sso-" + Guid.NewGuid().ToString("N"));
    private readonly LogCapture _logs = new();
    private string? _database;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyCollection<string> Logs => _logs.Lines;

    public static Task<SsoAttest> StartAsync(TestOidcProvider provider, string? roleMap, string? sessionLifetime = null)
    {
        var attest = new SsoAttest();
        Directory.CreateDirectory(attest._directory);
        attest._settings["Attest:Auth:SetupMode"] = "off";
        attest._settings["Attest:Sso:Authority"] = provider.Authority;
        attest._settings["Attest:Sso:ClientId"] = TestOidcProvider.ClientId;
        attest._settings["Attest:Sso:ClientSecret"] = TestOidcProvider.ClientSecret;
        attest._settings["Attest:Sso:DisplayName"] = "test-idp";
        attest._settings["Attest:Sso:Scopes"] = "openid profile email groups";
        if (roleMap is not null)
        {
            var file = Path.Combine(attest._directory, "sso-role-map.yaml");
            File.WriteAllText(file, roleMap);
            attest._settings["Attest:Sso:RoleMap"] = file;
        }
        if (sessionLifetime is not null) attest._settings["Attest:Auth:SessionLifetime"] = sessionLifetime;
        attest.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        attest.StartServer();
        attest.BaseUrl = attest.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        provider.AttestBaseUrl = attest.BaseUrl;
        return Task.FromResult(attest);
    }

    /// <summary>A client that follows redirects across Attest and the provider and keeps their cookies, as a browser would.</summary>
    public HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = true, CookieContainer = new CookieContainer(), UseCookies = true })
    {
        BaseAddress = new Uri(BaseUrl),
    };

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Attest:Data", _directory);
        builder.UseSetting("Attest:Demo", "false");
        if (Attest.Core.Tests.Support.TestProvider.IsPostgres)
            builder.UseSetting("Attest:Postgres", _database ??= Attest.Core.Tests.Support.TestProvider.DatabaseAsync().GetAwaiter().GetResult());
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(l => l.AddProvider(_logs));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null) await Attest.Core.Tests.Support.TestProvider.DropAsync(_database);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Every log line the app writes (warnings and above), to check what the operator is told.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Queue { get; } = new();

    public IReadOnlyCollection<string> Lines => Queue;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture.Queue.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
