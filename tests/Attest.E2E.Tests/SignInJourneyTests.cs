using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>Once a user exists, the UI asks who you are; roles then decide what you may change.</summary>
public sealed class SignInJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery staple";

    private Task CreateUserAsync(string userName, string displayName, string role) =>
        browser.App.WithServiceAsync<CreateUser, bool>(async c => (await c.ExecuteAsync(
            new UserInput { UserName = userName, DisplayName = displayName, Roles = [role], Password = Password }, CallerIdentity.Attest, CancellationToken.None)).IsOk);

    [Fact]
    public async Task I_sign_in_see_who_I_am_and_an_auditor_cannot_edit()
    {
        await CreateUserAsync("ada", "Ada Auditor", "auditor");
        var page = await browser.NewPageAsync(signInAs: null);

        await page.GotoAsync("/systems/credit-scoring");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?return_url=%2Fsystems%2Fcredit-scoring$"));

        await page.GetByLabel("User name").FillAsync("ada");
        await page.GetByLabel("Password").FillAsync("wrong password!");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("user name or password is wrong");

        await page.GetByLabel("User name").FillAsync("ada");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Consumer credit scoring", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Ada Auditor")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not allow this");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin$"));
    }
}
