using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

/// <summary>
/// The approval journey of issue 14, each step by the demo user whose job it is, signing in through the UI:
/// register → intake → controls → evidence → request review → sign-offs → decision → deploy.
/// </summary>
public sealed class ApprovalJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Slug = "branch-appointment-scheduler";
    private const string Version = "slot-ranker@1.0";

    // A loaded 2-core machine renders slowly: wait on conditions, with generous caps.
    private static async Task<IPage> Ready(Task<IPage> signingIn)
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        var page = await signingIn;
        page.SetDefaultTimeout(60_000);
        return page;
    }

    [Fact]
    public async Task A_new_system_goes_from_registration_to_an_approved_deployment_each_step_by_the_right_person()
    {
        // Markus Becker, product owner: registering the system makes him a member of its team.
        var markus = await Ready(browser.NewPageAsync("markus.becker"));
        await markus.GotoAsync("/systems/new");
        await markus.GetByLabel("Name").FillAsync("Branch appointment scheduler");
        await markus.GetByLabel("Slug").FillAsync(Slug);
        await markus.GetByLabel("Purpose").FillAsync("Suggests appointment slots to customers booking a branch visit.");
        await markus.GetByLabel("Business owner").FillAsync("Markus Becker");
        await markus.GetByLabel("Technical owner").FillAsync("Markus Becker");
        await markus.GetByLabel("Business unit").FillAsync("Retail banking");
        await markus.GetByLabel("Lifecycle stage").SelectOptionAsync("in_review");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(markus.GetByRole(AriaRole.Heading, new() { Name = "Branch appointment scheduler", Level = 1 })).ToBeVisibleAsync();

        // Intake: minimal risk, personal data of customers (privacy review), used by customers (security review).
        await markus.GotoAsync($"/systems/{Slug}/intake");
        async Task Answer(string key, string value) => await markus.Locator($"input[name='{key}'][value='{value}']").CheckAsync();
        await Answer("operator_role", "provider");
        await Answer("eu_nexus", "true");
        await Answer("exclusions", "none");
        await Answer("prohibited_practices", "none");
        await Answer("annex_i_product", "false");
        await Answer("annex_iii", "none");
        await Answer("profiling", "false");
        foreach (var duty in new[] { "interacts_with_natural_persons", "generates_synthetic_content", "emotion_recognition_or_biometric_categorisation", "deep_fake", "public_interest_text" })
            await Answer("transparency." + duty, "false");
        await Answer("gpai.is_gpai_model", "false");
        await Answer("deployment", "external");
        await Answer("autonomy", "advisory");
        await Answer("personal_data", "personal");
        await markus.Locator("input[name='affected_people']").FillAsync("20000");
        await Answer("uses_generative_ai", "false");
        await Answer("third_party_model", "false");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).ClickAsync();
        await Assertions.Expect(markus).ToHaveURLAsync(new Regex($"/systems/{Slug}\\?saved=intake#classification$"));
        await Assertions.Expect(markus.Locator("#classification-section .classification-headline")).ToContainTextAsync("minimal risk");

        // Controls: the AI policy is in place.
        await markus.GotoAsync($"/systems/{Slug}/controls");
        var policy = markus.Locator("#control-ATT-GOV-01");
        await policy.Locator("select[name='status']").SelectOptionAsync("satisfied");
        await policy.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(markus.Locator("#control-ATT-GOV-01 select[name='status']")).ToHaveValueAsync("satisfied");

        // Evidence: the policy document, for every required control that accepts it.
        await markus.GotoAsync($"/systems/{Slug}/evidence");
        await markus.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "ai-policy.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes("# Responsible AI policy v2.1\n") });
        await markus.Locator("#type").FillAsync("policy_document");
        await markus.Locator("#summary").FillAsync("Group Responsible AI Policy v2.1");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Add evidence" }).ClickAsync();
        await Assertions.Expect(markus.Locator("#evidence-ATT-GOV-01 .badge")).ToHaveTextAsync("fresh");

        // The model version the release is about.
        await markus.GotoAsync($"/systems/{Slug}/models/new");
        await markus.GetByLabel("Model name").FillAsync("slot-ranker");
        await markus.GetByLabel("Version", new() { Exact = true }).FillAsync("1.0");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Add model version" }).ClickAsync();
        await Assertions.Expect(markus).ToHaveURLAsync(new Regex($"/systems/{Slug}\\?saved=model_version$"));
        await Assertions.Expect(markus.Locator("#saved")).ToHaveTextAsync("Registered the model version.");

        // The release as planned: production in the EU (the board judges the release together with where it will run).
        await markus.GotoAsync($"/systems/{Slug}/deployments/new");
        await markus.GetByLabel("Environment").SelectOptionAsync("production");
        await markus.GetByLabel("Region").FillAsync("EU");
        await markus.GetByLabel("Status").SelectOptionAsync("planned");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Record deployment" }).ClickAsync();
        await Assertions.Expect(markus).ToHaveURLAsync(new Regex($"/systems/{Slug}\\?saved=deployment$"));

        // Request the release review from the gate page.
        await markus.GotoAsync($"/systems/{Slug}/gate?stage=pre_launch&model_version={Uri.EscapeDataString(Version)}");
        await markus.GetByRole(AriaRole.Button, new() { Name = "Request release review" }).ClickAsync();
        await Assertions.Expect(markus.Locator("#saved")).ToContainTextAsync("Review requested");
        var reviewUrl = new Uri(markus.Url).AbsolutePath;
        reviewUrl.ShouldMatch("^/reviews/rev_[0-9a-z]+$");
        // Separation of duties is explained before anyone tries: Markus asked, so he neither signs nor decides.
        await Assertions.Expect(markus.Locator("#duties")).ToContainTextAsync("Markus Becker (product owner, credit) asked for this review");
        await Assertions.Expect(markus.Locator("#my-duties")).ToContainTextAsync("You do not decide here");
        await Assertions.Expect(markus.Locator("#signoff-privacy .badge")).ToHaveTextAsync("waiting");
        // While the review is open, its failing gate is on Markus's work list, linking to what is missing.
        await markus.GotoAsync("/me/work");
        var failing = markus.Locator("li.attention-item[data-kind='failing_gate']", new() { HasText = "Branch appointment scheduler" });
        await Assertions.Expect(failing.Locator(".badge")).ToHaveTextAsync("fails");
        await failing.GetByRole(AriaRole.Link, new() { Name = "See what is missing" }).ClickAsync();
        await Assertions.Expect(markus.Locator("#gate-decision")).ToContainTextAsync("NO-GO");
        await Assertions.Expect(markus.Locator("#unmet-control .unmet-item").First.GetByRole(AriaRole.Link, new() { Name = "Attach evidence" })).ToBeVisibleAsync();
        await Assertions.Expect(markus.Locator("#release-review")).ToContainTextAsync("is open");

        // Amara Osei, privacy reviewer: the review waits for her on "My work".
        var amara = await Ready(browser.NewPageAsync("amara.osei"));
        await amara.GotoAsync("/me/work");
        var mine = amara.Locator("li.attention-item", new() { HasText = "Your privacy sign-off" });
        await Assertions.Expect(mine).ToContainTextAsync("Branch appointment scheduler");
        await mine.GetByRole(AriaRole.Link, new() { Name = "Sign off" }).ClickAsync();
        await Assertions.Expect(amara.Locator("#my-duties")).ToContainTextAsync("you may sign off as privacy");
        await Assertions.Expect(amara.GetByRole(AriaRole.Button, new() { Name = "Sign off as security" })).ToHaveCountAsync(0);
        await amara.Locator("#rationale-privacy").FillAsync("Only name, e-mail and branch are kept; deleted after the visit.");
        await amara.GetByRole(AriaRole.Button, new() { Name = "Sign off as privacy" }).ClickAsync();
        await Assertions.Expect(amara.Locator("#saved")).ToHaveTextAsync("Sign-off recorded.");
        await Assertions.Expect(amara.Locator("#signoff-privacy")).ToContainTextAsync("approve by Amara Osei (privacy reviewer)");

        // Ravi Menon, security reviewer, from the review board.
        var ravi = await Ready(browser.NewPageAsync("ravi.menon"));
        await ravi.GotoAsync(reviewUrl);
        await ravi.Locator("#rationale-security").FillAsync("Public booking API behind the WAF; rate-limited.");
        await ravi.GetByRole(AriaRole.Button, new() { Name = "Sign off as security" }).ClickAsync();
        await Assertions.Expect(ravi.Locator("#signoff-security")).ToContainTextAsync("approve by Ravi Menon (security reviewer)");

        // Helena Voss, executive approver: the review is ready for her decision.
        var helena = await Ready(browser.NewPageAsync("helena.voss"));
        await helena.GotoAsync("/me/work");
        var decide = helena.Locator("li.attention-item", new() { HasText = "awaits a decision" }).Filter(new() { HasText = "Branch appointment scheduler" });
        await decide.GetByRole(AriaRole.Link, new() { Name = "Decide" }).ClickAsync();
        await Assertions.Expect(helena.Locator("#my-duties")).ToContainTextAsync("You may decide.");
        // A plain go on a failing gate is refused, with the reason.
        await helena.Locator("input[name='decision'][value='go']").CheckAsync();
        await helena.Locator("#decision-rationale").FillAsync("Ship it.");
        await helena.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Assertions.Expect(helena.GetByRole(AriaRole.Alert)).ToContainTextAsync("gate is no_go");
        // A conditional go whose one condition answers every unmet requirement, with an owner and a due date.
        await helena.Locator("input[name='decision'][value='conditional_go']").CheckAsync();
        await helena.Locator("#decision-rationale").FillAsync("Launch in the pilot branches; the remaining evidence follows.");
        await helena.Locator("#condition-0-description").FillAsync("File the remaining control evidence");
        await helena.Locator("#condition-0-owner").FillAsync("Markus Becker");
        await helena.Locator("#condition-0-due").FillAsync("2099-06-30");
        var unmet = await helena.Locator("#condition-0-answers option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        unmet.ShouldNotBeEmpty();
        await helena.Locator("#condition-0-answers").SelectOptionAsync(unmet);
        await helena.GetByRole(AriaRole.Button, new() { Name = "Record the decision" }).ClickAsync();
        await Assertions.Expect(helena.Locator("#saved")).ToHaveTextAsync("Decision recorded.");
        await Assertions.Expect(helena.Locator("#decision-badge")).ToHaveTextAsync("conditional go");
        await Assertions.Expect(helena.Locator("ol.conditions")).ToContainTextAsync("File the remaining control evidence — Markus Becker, due 30 Jun 2099");

        // Markus moves the system to approved and then deployed: allowed under the approval in force.
        foreach (var stage in new[] { "approved", "deployed" })
        {
            await markus.GotoAsync($"/systems/{Slug}/edit");
            await markus.GetByLabel("Lifecycle stage").SelectOptionAsync(stage);
            await markus.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
            await Assertions.Expect(markus).ToHaveURLAsync(new Regex($"/systems/{Slug}\\?saved=updated$"));
        }
        await markus.GotoAsync($"/systems/{Slug}/edit");
        await Assertions.Expect(markus.GetByLabel("Lifecycle stage")).ToHaveValueAsync("deployed");

        // With the decision taken, the failing gate of the open review no longer calls for Markus's attention.
        await markus.GotoAsync("/me/work");
        await Assertions.Expect(markus.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(markus.Locator("li.attention-item[data-kind='failing_gate']", new() { HasText = "Branch appointment scheduler" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_expired_waiver_is_a_red_expired_item_on_the_home_page_and_never_a_green_approved_badge()
    {
        // The demo's credit-scoring waiver of ATT-OVS-02 ran out 85 days ago.
        var page = await Ready(browser.NewPageAsync());
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        var item = page.Locator("#needs-attention li.attention-item[data-kind='waiver_expired']", new() { HasText = "ATT-OVS-02" });
        await Assertions.Expect(item).ToContainTextAsync("Consumer credit scoring");
        var badge = item.Locator(".badge");
        await Assertions.Expect(badge).ToHaveTextAsync("expired");
        await Assertions.Expect(badge).ToHaveCSSAsync("background-color", "rgb(176, 28, 46)");
        (await page.Locator("#needs-attention").EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 390")).ShouldBeTrue("the list fits 390 px");

        // Its one action leads to the fix, where the waiver's own badge says the same.
        await item.GetByRole(AriaRole.Link, new() { Name = "Renew or meet the control" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/credit-scoring/waivers#waiver-"));
        var row = page.Locator("tr[id^='waiver-']", new() { HasText = "ATT-OVS-02" });
        await Assertions.Expect(row.Locator(".badge").First).ToHaveTextAsync("expired");

        // The same list is the API's.
        var response = await page.APIRequest.GetAsync("/api/v1/me/work?scope=all");
        response.Status.ShouldBe(200);
        (await response.TextAsync()).ShouldContain("\"kind\":\"waiver_expired\"");
    }
}
