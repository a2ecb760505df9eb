using System.Globalization;
using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// A governance lead asks from the gate page for a waiver of an unmet control, cannot approve it herself, and an executive
/// approver approves it from the portfolio's waiver list; the gate then counts the control as waived.
/// </summary>
public sealed class WaiverJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery staple";

    private async Task CreateUserAsync(string userName, string displayName, string role) =>
        (await browser.App.WithServiceAsync<CreateUser, bool>(async c => (await c.ExecuteAsync(
            new UserInput { UserName = userName, DisplayName = displayName, Roles = [role], Password = Password }, CallerIdentity.Attest, CancellationToken.None)).IsOk))
            .ShouldBeTrue();

    private async Task<IPage> SignInAsync(string path, string userName)
    {
        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync(path);
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task I_request_a_waiver_from_the_gate_and_another_user_approves_it()
    {
        await CreateUserAsync("gwen", "Gwen Lead", "governance_lead");
        await CreateUserAsync("eve", "Eve Exec", "executive_approver");
        var expires = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var gwen = await SignInAsync("/systems/credit-scoring/gate?stage=pre_launch", "gwen");
        await Assertions.Expect(gwen.Locator("#gate-decision")).ToContainTextAsync("NO-GO");
        await gwen.GetByRole(AriaRole.Link, new() { Name = "Request a waiver of ATT-RISK-02" }).ClickAsync();
        await Assertions.Expect(gwen.GetByRole(AriaRole.Heading, new() { Name = "Waivers: Consumer credit scoring", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(gwen.GetByLabel("Control", new() { Exact = true })).ToHaveValueAsync("ATT-RISK-02");
        await Assertions.Expect(gwen.Locator("#expires_on-hint")).ToContainTextAsync("At most 60 days for a critical-tier system");
        await gwen.GetByLabel("Justification").FillAsync("The risk management system is adopted in January; the board accepted the interim plan.");
        await gwen.GetByLabel("Compensating controls").FillAsync("Weekly risk review by the model risk committee.");
        await gwen.GetByLabel("Risk owner").FillAsync("Chief Risk Officer");
        await gwen.GetByLabel("Expires on").FillAsync(expires);
        await gwen.GetByRole(AriaRole.Button, new() { Name = "Request waiver" }).ClickAsync();

        var row = gwen.Locator("table.waivers tbody tr", new() { HasText = "ATT-RISK-02" });
        await Assertions.Expect(row).ToContainTextAsync("requested");
        await Assertions.Expect(row).ToContainTextAsync("expires in 30 days");
        await Assertions.Expect(row).ToContainTextAsync("Chief Risk Officer");
        // Gwen may approve waivers in general, but not her own: the refusal shows in the row.
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve wv_") }).ClickAsync();
        await Assertions.Expect(gwen.Locator("table.waivers tbody tr", new() { HasText = "ATT-RISK-02" }))
            .ToContainTextAsync("Separation of duties: the requester of an approval or waiver cannot grant it.");

        var eve = await SignInAsync("/waivers", "eve");
        await Assertions.Expect(eve.GetByRole(AriaRole.Heading, new() { Name = "Waivers", Level = 1 })).ToBeVisibleAsync();
        var pending = eve.Locator("table.waivers tbody tr", new() { HasText = "ATT-RISK-02" });
        await Assertions.Expect(pending).ToContainTextAsync("requested");
        await pending.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Approve wv_") }).ClickAsync();
        await Assertions.Expect(eve.Locator("table.waivers tbody tr", new() { HasText = "ATT-RISK-02" })).ToContainTextAsync("approved by user:eve");

        await eve.GotoAsync("/systems/credit-scoring/gate?stage=pre_launch");
        await eve.Locator("#met-requirements summary").ClickAsync();
        await Assertions.Expect(eve.GetByRole(AriaRole.Row, new() { NameRegex = new Regex($"^ATT-RISK-02 Intended purpose, context and use limits met by waiver ATT-RISK-02 is waived by the waiver of ATT-RISK-02 until {expires}") })).ToBeVisibleAsync();
    }
}
