using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Engine.Gates;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>A legal reviewer signs in, finds the open review on the board and signs it off; the gate page then shows the sign-off.</summary>
public sealed class ReviewBoardJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task I_sign_off_a_release_review_as_the_legal_reviewer()
    {
        (await browser.App.WithServiceAsync<CreateUser, bool>(async c => (await c.ExecuteAsync(
            new UserInput { UserName = "lee", DisplayName = "Lee Legal", Roles = ["reviewer"], Specialties = ["legal"], Password = Password }, CallerIdentity.Attest, CancellationToken.None)).IsOk))
            .ShouldBeTrue();
        var review = await browser.App.WithServiceAsync<RequestRelease, ReleaseReviewDto>(async c => (await c.ExecuteAsync(
            new ReleaseRequestInput { System = "credit-scoring", Stage = GateStage.PreLaunch }, new CallerIdentity(new Actor("user:pat", "Pat Owner"), [Attest.Engine.Access.Roles.GovernanceLead], [], null, null), CancellationToken.None)).Value!);

        var page = await browser.NewPageAsync(signInAs: null);
        await page.GotoAsync("/reviews");
        await page.GetByLabel("User name").FillAsync("lee");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review board", Level = 1 })).ToBeVisibleAsync();

        var row = page.Locator($"#review-{review.Id}");
        await Assertions.Expect(row).ToContainTextAsync("Consumer credit scoring");
        await Assertions.Expect(row).ToContainTextAsync("business days left");
        // Lee holds only the legal specialty, so only the legal sign-off form is offered.
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Sign off as legal" })).ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Sign off as privacy" })).ToHaveCountAsync(0);
        await row.Locator("select[name='decision']").SelectOptionAsync("approve");
        await row.Locator("input[name='rationale']").FillAsync("Obligations under Art 26 understood and assigned.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Sign off as legal" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/reviews#review-{review.Id}$"));
        await Assertions.Expect(page.Locator($"#review-{review.Id} li", new() { HasText = "legal" })).ToContainTextAsync("legal: approve by user:lee");

        await page.GotoAsync("/systems/credit-scoring/gate?stage=pre_launch");
        await Assertions.Expect(page.Locator("#gate-decision")).ToContainTextAsync("NO-GO");
        await page.Locator("#met-requirements summary").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^legal sign-off met legal approved by Lee Legal") })).ToBeVisibleAsync();
    }
}
