using Attest.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>Attest with the demo portfolio on a real loopback port, and Debian's chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly AttestWebFactory _factory = new(demo: true);

    public AttestWebFactory App => _factory;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {ChromiumPath}: apt-get install -y chromium (.ci/run does this).");
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the networking flags chromium keeps calling home on this closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>The demo's governance lead, who may do most things; the demo password is the same for every demo user.</summary>
    public const string DemoLead = "lena.fischer";
    public const string DemoPassword = "northwind-demo";

    /// <summary>A new browser context, signed in through the sign-in page as <paramref name="signInAs"/> (a demo user), or not signed in (null).</summary>
    // Signed-in sessions per user: a test class opens many pages, and sign-in is rate limited (10 a minute) as it should be.
    private readonly Dictionary<(string User, string Password), string> _sessions = [];
    private readonly SemaphoreSlim _signIn = new(1, 1);

    public async Task<IPage> NewPageAsync(string? signInAs = DemoLead, string password = DemoPassword)
    {
        string? session = null;
        if (signInAs is not null)
        {
            await _signIn.WaitAsync();
            try { _sessions.TryGetValue((signInAs, password), out session); }
            finally { _signIn.Release(); }
        }
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, StorageState = session });
        var page = await context.NewPageAsync();
        Assertions.SetDefaultExpectTimeout(30_000);
        page.SetDefaultTimeout(60_000);
        if (signInAs is not null && session is null)
        {
            await page.GotoAsync("/signin");
            await page.GetByLabel("User name").FillAsync(signInAs);
            await page.GetByLabel("Password").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin"));
            var state = await context.StorageStateAsync();
            await _signIn.WaitAsync();
            try { _sessions[(signInAs, password)] = state; }
            finally { _signIn.Release(); }
        }
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        _signIn.Dispose();
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
    }
}
