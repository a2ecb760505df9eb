using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Inventory;
using Microsoft.Playwright;

namespace Attest.E2E.Tests;

public sealed class IntakeJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Every demo system has its intake answered (data/demo/intakes), so these journeys start from a system registered
    // without one, as a newcomer's own system would be.
    private async Task RegisterWithoutIntakeAsync(string slug, string name, string purpose) =>
        (await browser.App.WithServiceAsync<RegisterSystem, Result<SystemDetails>>(r => r.ExecuteAsync(new SystemInput
        {
            Slug = slug,
            Name = name,
            Purpose = purpose,
            BusinessOwner = "Lena Fischer",
            TechnicalOwner = "Lena Fischer",
            BusinessUnit = "Group Risk",
            Stage = LifecycleStage.Proposed,
        }, CallerIdentity.Attest, TestContext.Current.CancellationToken))).IsOk.ShouldBeTrue();

    [Fact]
    public async Task I_can_run_the_intake_for_a_demo_system_and_see_its_class_with_cited_reasons_and_its_required_controls()
    {
        await RegisterWithoutIntakeAsync("life-health-pricing-2", "Life and health insurance risk pricing 2",
            "Estimates the expected claims cost of individual life and health insurance applicants.");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/systems/life-health-pricing-2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Intake", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Does the EU AI Act apply?" })).ToBeVisibleAsync();

        // A missing name is refused, with the problem beside the field.
        await page.Locator("input[name='name']").FillAsync("");
        await page.Locator("details", new() { HasText = "Annex III point 5" }).Locator("summary").ClickAsync();
        await page.Locator("input[name='annex_iii'][value='III.5(c)']").CheckAsync();
        await page.Locator("input[name='profiling'][value='true']").CheckAsync();
        await page.Locator("input[name='personal_data'][value='special_category']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please correct the answers marked below.");
        await Assertions.Expect(page.Locator("#q-name-error")).ToHaveTextAsync("required key is missing");
        await Assertions.Expect(page.Locator("input[name='annex_iii'][value='III.5(c)']")).ToBeCheckedAsync();

        await page.Locator("input[name='name']").FillAsync("Life and health insurance pricing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).ClickAsync();

        // Most questions are still open: Attest gives no class from silence, but lists the questions that decide it.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/life-health-pricing-2\\?saved=intake#classification$"));
        var open = page.Locator("#classification-section .missing-answers");
        await Assertions.Expect(open).ToContainTextAsync("No class yet");
        await Assertions.Expect(open).ToContainTextAsync("Is the system offered, used, or are its results used, in the EU?");
        await open.GetByRole(AriaRole.Link, new() { Name = "Answer them in the intake" }).ClickAsync();
        await Assertions.Expect(page.Locator("#intake-missing")).ToContainTextAsync("Is the system offered, used, or are its results used, in the EU?");

        async Task Answer(string key, string value) => await page.Locator($"input[name='{key}'][value='{value}']").CheckAsync();
        await Answer("operator_role", "provider");
        await Answer("eu_nexus", "true");
        await Answer("exclusions", "none");
        await Answer("prohibited_practices", "none");
        await Answer("annex_i_product", "false");
        foreach (var duty in new[] { "interacts_with_natural_persons", "generates_synthetic_content", "emotion_recognition_or_biometric_categorisation", "deep_fake", "public_interest_text" })
            await Answer("transparency." + duty, "false");
        await Answer("gpai.is_gpai_model", "false");
        await Answer("deployment", "internal");
        await Answer("autonomy", "human_in_the_loop");
        await page.Locator("input[name='affected_people']").FillAsync("20000");
        await Answer("uses_generative_ai", "false");
        await Answer("third_party_model", "false");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).ClickAsync();

        // Annex III point 5(c) (life and health insurance pricing of natural persons) is high-risk under Art 6(2);
        // special-category data raises the tier from high to critical (docs/classification.md, Internal tier).
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/life-health-pricing-2\\?saved=intake#classification$"));
        var classification = page.Locator("#classification-section");
        await Assertions.Expect(classification.Locator(".classification-headline")).ToContainTextAsync("high risk");
        await Assertions.Expect(classification.Locator(".classification-headline")).ToContainTextAsync("critical");
        await Assertions.Expect(classification).ToContainTextAsync("Art 6(2), Annex III.5(c)");
        await Assertions.Expect(classification.Locator("ol.reasons")).ToContainTextAsync("Annex III.5(c)");
        await Assertions.Expect(classification.Locator("ol.reasons")).ToContainTextAsync("(Art 6(2))");
        await Assertions.Expect(classification.Locator("table.obligations")).ToContainTextAsync("Risk management system");
        await Assertions.Expect(classification.Locator("table.obligations")).ToContainTextAsync("2 Aug 2026");
        await Assertions.Expect(page.Locator("footer.site")).ToContainTextAsync("eu-ai-act");

        await page.GetByRole(AriaRole.Link, new() { Name = "Controls", Exact = true }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Required controls \\(\\d+\\)$") })).ToBeVisibleAsync();
        var risk = page.Locator("#control-ATT-RISK-01");
        await Assertions.Expect(risk).ToContainTextAsync("Risk management system");
        await risk.Locator("select[name='status']").SelectOptionAsync("satisfied");
        await risk.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator("#control-ATT-RISK-01 select[name='status']")).ToHaveValueAsync("satisfied");
        await Assertions.Expect(page.GetByText("EU AI Act Art 9 Risk management system: 1 of 1 control satisfied")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compliance matrix" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { NameRegex = new Regex("^Life and health insurance risk pricing 2") })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_intake_saved_with_open_questions_lists_them_at_390_px_and_I_can_answer_not_sure_by_keyboard()
    {
        await RegisterWithoutIntakeAsync("cash-forecasting-2", "Branch and ATM cash demand forecasting 2",
            "Forecasts daily cash withdrawals per branch and ATM 14 days ahead.");
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/systems/cash-forecasting-2/intake");

        // Saving with nothing but the name and purpose keeps the intake and lists what decides the class.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/cash-forecasting-2\\?saved=intake#classification$"));
        var open = page.Locator("#classification-section .missing-answers");
        await Assertions.Expect(open).ToContainTextAsync("No class yet");
        await Assertions.Expect(open.Locator("li").First).ToContainTextAsync("not answered");
        var box = (await open.BoundingBoxAsync())!;
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(390);
        (await open.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth")).ShouldBeTrue("the list of questions fits 390 px without scrolling sideways");

        // By keyboard: the link to the intake, then "Not sure yet" with the arrow keys.
        await open.GetByRole(AriaRole.Link, new() { Name = "Answer them in the intake" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#intake-missing")).ToBeVisibleAsync();
        await page.Locator("input[name='eu_nexus'][value='true']").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("input[name='eu_nexus'][value='unknown']")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and classify" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/systems/cash-forecasting-2\\?saved=intake#classification$"));
        await Assertions.Expect(open.Locator("li", new() { HasText = "Is the system offered, used, or are its results used, in the EU?" })).ToContainTextAsync("answered unknown");
        await page.GotoAsync("/systems?eu_ai_act_class=incomplete");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Branch and ATM cash demand forecasting 2" })).ToBeVisibleAsync();
    }
}
