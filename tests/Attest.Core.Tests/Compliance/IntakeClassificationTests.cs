using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Compliance;

/// <summary>Intake versions, computed classifications and overrides on a real SQLite database.</summary>
public sealed class IntakeClassificationTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _systemId = "";

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _systemId = (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).Value!.Id;
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Result<SystemClassificationView>> AnswerAsync(string answers) =>
        _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", answers, Actors.Dana, Ct);

    [Fact]
    public async Task I_can_answer_the_intake_and_the_classification_is_stored_with_its_ledger_entries()
    {
        var result = await AnswerAsync(IntakeAnswersJson.ResumeScreener);

        result.IsOk.ShouldBeTrue(result.Message);
        var view = result.Value!;
        // Expected values: docs/classification.md "JSON output" and DocumentedExamplesTests for the resume screener.
        view.EffectiveClass.ShouldBe(EuAiActClass.HighRisk);
        view.Overridden.ShouldBeFalse();
        view.Computed.EuAiAct.Basis.ShouldBe(["Art 6(2)", "Annex III.4(a)"]);
        view.Computed.EuAiAct.Transparency.ShouldBe(["Art 50(1)"]);
        view.Tier.ShouldBe(RiskTier.High);
        view.IntakeVersion.ShouldBe(1);
        view.Calendar.ShouldBe(new CalendarDto("eu-ai-act", "Regulation (EU) 2024/1689 as published (OJ L, 12.7.2024), Art 113", true));
        view.Computed.Reasons.ShouldContain(r => r.Contains("Annex III.4(a)") && r.Contains("(Art 6(2))"));
        // The test clock is 1 March 2026: Art 9 (Annex III high-risk) applies from 2 Aug 2026 (Art 113), so it is upcoming.
        view.UpcomingDeadlines.ShouldContain(new ObligationDto("Art 9", "Risk management system", new DateOnly(2026, 8, 2)));
        view.UpcomingDeadlines.ShouldNotContain(o => o.Article == "Art 4");

        await using var ctx = _db.NewContext();
        var system = await ctx.Systems.SingleAsync(Ct);
        (system.EuAiActClass, system.Tier, system.Version).ShouldBe(("high_risk", "high", 2));
        var version = await ctx.IntakeVersions.SingleAsync(Ct);
        (version.Number, version.AnsweredBy, version.AnsweredAt).ShouldBe((1, "user:dana", _db.Clock.GetUtcNow()));
        JsonNode.Parse(version.AnswersJson)!["annex_iii"]![0]!.GetValue<string>().ShouldBe("III.4(a)");
        JsonNode.Parse(version.AnswersJson)!["autonomy"]!.GetValue<string>().ShouldBe("human_in_the_loop");
        var stored = await ctx.Classifications.SingleAsync(Ct);
        var library = _db.Get<ComplianceData>().Library;
        (stored.EuAiActClass, stored.Tier, stored.CalendarName, stored.IntakeVersionId).ShouldBe(("high_risk", "high", "eu-ai-act", version.Id));
        stored.ControlLibraryHash.ShouldBe(library.Version.ContentHash);
        JsonNode.Parse(stored.ClassificationJson)!["format"]!.GetValue<string>().ShouldBe("attest.classification/v1");

        var actions = await ctx.Ledger.OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct);
        actions.ShouldBe(["system.registered", "intake.answered", "classification.computed"]);
        var computed = JsonNode.Parse((await ctx.Ledger.SingleAsync(e => e.Action == "classification.computed", Ct)).PayloadJson)!;
        computed["eu_ai_act_class"]!.GetValue<string>().ShouldBe("high_risk");
        computed["calendar"]!.GetValue<string>().ShouldBe("eu-ai-act");
    }

    [Fact]
    public async Task A_name_and_a_description_are_kept_but_classified_incomplete_never_minimal_risk()
    {
        var result = await AnswerAsync(IntakeAnswersJson.NameOnly);

        result.IsOk.ShouldBeTrue(result.Message);
        var view = result.Value!;
        view.Status.ShouldBe(ClassificationStatus.Incomplete);
        view.EffectiveClass.ShouldBe(EuAiActClass.Incomplete);
        view.Tier.ShouldBeNull();
        view.RequiredControls.ShouldBeEmpty();
        view.UpcomingDeadlines.ShouldBeEmpty();
        view.Missing[0].Key.ShouldBe(AnswerKeys.OperatorRole);
        view.Missing.ShouldAllBe(m => m.State == AnswerGap.Unanswered);
        view.Missing.ShouldContain(m => m.Key == AnswerKeys.EuNexus && m.Question == "Is the system offered, used, or are its results used, in the EU?");

        await using var ctx = _db.NewContext();
        var system = await ctx.Systems.SingleAsync(Ct);
        (system.EuAiActClass, system.Tier).ShouldBe(("incomplete", "incomplete"));
        var computed = JsonNode.Parse((await ctx.Ledger.SingleAsync(e => e.Action == "classification.computed", Ct)).PayloadJson)!;
        computed["status"]!.GetValue<string>().ShouldBe("incomplete");
        computed["missing"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(view.Missing.Select(m => m.Key));

        var listed = (await _db.Get<ListIncompleteClassifications>().ExecuteAsync(Ct)).ShouldHaveSingleItem();
        (listed.SystemSlug, listed.IntakeVersion).ShouldBe(("resume-screening", 1));
        listed.Missing.ShouldBe(view.Missing);
    }

    [Fact]
    public async Task The_gate_and_the_controls_wait_for_the_missing_answers_and_name_them()
    {
        await AnswerAsync(IntakeAnswersJson.ResumeScreener.Replace("\"profiling\": true", "\"profiling\": \"unknown\"", StringComparison.Ordinal));

        var gate = await _db.Get<Attest.Core.Features.Gates.EvaluateGate>().ExecuteAsync("resume-screening", null, Attest.Engine.Gates.GateStage.PreLaunch, Ct);
        var controls = (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!;

        gate.Kind.ShouldBe(ResultKind.Conflict);
        gate.Message.ShouldBe("AI system 'resume-screening' has an incomplete classification: 2 questions that decide its class have no answer yet (art_6_3_exemption, profiling). Answer them in its intake, so the gate knows its tier and required controls.");
        controls.Classified.ShouldBeFalse();
        controls.EffectiveClass.ShouldBe(EuAiActClass.Incomplete);
        // With profiling unknown, the Art 6(3) derogation (never open to a system that profiles) decides the class too.
        controls.Missing.ShouldNotBeNull().Select(m => (m.Key, m.State)).ShouldBe([(AnswerKeys.Art63Exemption, AnswerGap.Unanswered), (AnswerKeys.Profiling, AnswerGap.Unknown)]);
    }

    [Fact]
    public async Task Answering_the_missing_questions_completes_the_classification_and_empties_the_list()
    {
        await AnswerAsync(IntakeAnswersJson.NameOnly);

        var result = await AnswerAsync(IntakeAnswersJson.ResumeScreener);

        result.Value!.Status.ShouldBe(ClassificationStatus.Complete);
        result.Value.Missing.ShouldBeEmpty();
        result.Value.EffectiveClass.ShouldBe(EuAiActClass.HighRisk);
        (await _db.Get<ListIncompleteClassifications>().ExecuteAsync(Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Re_answering_the_intake_adds_a_version_and_the_new_classification_is_in_force()
    {
        (await AnswerAsync(IntakeAnswersJson.ResumeScreener)).IsOk.ShouldBeTrue();
        _db.Clock.Advance(TimeSpan.FromDays(1));

        var second = await AnswerAsync(IntakeAnswersJson.InternalTool);

        second.IsOk.ShouldBeTrue(second.Message);
        second.Value!.EffectiveClass.ShouldBe(EuAiActClass.MinimalRisk);
        second.Value.IntakeVersion.ShouldBe(2);
        var intake = (await _db.Get<GetIntake>().ExecuteAsync("resume-screening", Ct)).Value!;
        intake.Versions.Select(v => v.Version).ShouldBe([2, 1]);
        intake.Latest!.Version.ShouldBe(2);
        intake.Answers!.Value.GetProperty("deployment").GetString().ShouldBe("internal");
        var current = (await _db.Get<GetClassification>().ExecuteAsync(_systemId, Ct)).Value!;
        (current.EffectiveClass, current.Tier, current.IntakeVersion).ShouldBe((EuAiActClass.MinimalRisk, RiskTier.Low, 2));

        await using var ctx = _db.NewContext();
        (await ctx.Classifications.CountAsync(Ct)).ShouldBe(2, "the first result is kept");
        var system = await ctx.Systems.SingleAsync(Ct);
        (system.EuAiActClass, system.Tier).ShouldBe(("minimal_risk", "low"));
    }

    [Fact]
    public async Task An_override_is_recorded_beside_the_computed_result_which_stays_unchanged()
    {
        (await AnswerAsync(IntakeAnswersJson.ResumeScreener)).IsOk.ShouldBeTrue();
        const string justification = "Legal review: the ranking is only used for internal training exercises, not for real hiring.";

        var result = await _db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.LimitedRisk, Justification = justification }, Actors.Dana, Ct);

        result.IsOk.ShouldBeTrue(result.Message);
        var view = result.Value!;
        view.EffectiveClass.ShouldBe(EuAiActClass.LimitedRisk);
        view.Overridden.ShouldBeTrue();
        view.Computed.EuAiAct.Class.ShouldBe(EuAiActClass.HighRisk);
        view.Override!.Justification.ShouldBe(justification);
        view.Override.OverriddenBy.ShouldBe("user:dana");

        var reread = (await _db.Get<GetClassification>().ExecuteAsync("resume-screening", Ct)).Value!;
        (reread.EffectiveClass, reread.Computed.EuAiAct.Class, reread.Override!.Class).ShouldBe((EuAiActClass.LimitedRisk, EuAiActClass.HighRisk, EuAiActClass.LimitedRisk));
        await using var ctx = _db.NewContext();
        (await ctx.Classifications.SingleAsync(Ct)).EuAiActClass.ShouldBe("high_risk");
        var stored = await ctx.ClassificationOverrides.SingleAsync(Ct);
        (stored.EuAiActClass, stored.Justification, stored.OverriddenBy).ShouldBe(("limited_risk", justification, "user:dana"));
        (await ctx.Systems.SingleAsync(Ct)).EuAiActClass.ShouldBe("limited_risk");
        var entry = await ctx.Ledger.OrderBy(e => e.Seq).LastAsync(Ct);
        entry.Action.ShouldBe("classification.overridden");
        var payload = JsonNode.Parse(entry.PayloadJson)!;
        (payload["computed_class"]!.GetValue<string>(), payload["overridden_class"]!.GetValue<string>()).ShouldBe(("high_risk", "limited_risk"));
    }

    [Fact]
    public async Task Required_controls_follow_the_effective_class_after_an_override()
    {
        (await AnswerAsync(IntakeAnswersJson.InternalTool)).IsOk.ShouldBeTrue();
        // ATT-OVS-01 Human oversight design applies to high-risk systems, or to automated ones affecting people
        // (data/controls/oversight-and-transparency.yaml); the internal tool keeps a person in the loop.
        var setBefore = await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", "ATT-OVS-01",
            new ControlStatusInput { Status = Attest.Engine.Controls.ControlStatus.InProgress }, null, Actors.Dana, Ct);
        setBefore.Kind.ShouldBe(ResultKind.Conflict);

        var overridden = (await _db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.HighRisk, Justification = "Used to rank real applicants: Annex III.4(a) in substance." }, Actors.Dana, Ct)).Value!;

        overridden.Computed.RequiredControls.ShouldNotContain("ATT-OVS-01");
        overridden.RequiredControls.ShouldContain("ATT-OVS-01");
        overridden.RequiredControls.ShouldContain("ATT-RISK-01");
        (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Select(c => c.ControlId).ShouldContain("ATT-OVS-01");
        (await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", "ATT-OVS-01",
            new ControlStatusInput { Status = Attest.Engine.Controls.ControlStatus.InProgress }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    [Fact]
    public async Task An_override_without_a_justification_is_refused_and_writes_nothing()
    {
        (await AnswerAsync(IntakeAnswersJson.ResumeScreener)).IsOk.ShouldBeTrue();
        await using var ctx = _db.NewContext();
        var before = await ctx.Ledger.CountAsync(Ct);

        var result = await _db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.MinimalRisk, Justification = "not high risk" }, Actors.Dana, Ct);

        result.Kind.ShouldBe(ResultKind.Invalid);
        // ClassificationOverride.MinimumJustificationLength is 20 characters.
        result.Errors["justification"].ShouldBe(["an override needs a justification of at least 20 characters"]);
        (await ctx.Ledger.CountAsync(Ct)).ShouldBe(before);
        (await ctx.ClassificationOverrides.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task Overriding_a_system_that_was_never_classified_is_a_conflict()
    {
        var result = await _db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.MinimalRisk, Justification = "A justification long enough to count." }, Actors.Dana, Ct);

        result.Kind.ShouldBe(ResultKind.Conflict);
    }

    [Fact]
    public async Task Re_answering_the_intake_retires_an_override_made_against_the_earlier_result()
    {
        (await AnswerAsync(IntakeAnswersJson.ResumeScreener)).IsOk.ShouldBeTrue();
        (await _db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.LimitedRisk, Justification = "A justification long enough to count." }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var again = await AnswerAsync(IntakeAnswersJson.ResumeScreener);

        again.Value!.Overridden.ShouldBeFalse();
        again.Value.EffectiveClass.ShouldBe(EuAiActClass.HighRisk);
        await using var ctx = _db.NewContext();
        (await ctx.ClassificationOverrides.CountAsync(Ct)).ShouldBe(1, "the override stays in the history");
        (await ctx.Systems.SingleAsync(Ct)).EuAiActClass.ShouldBe("high_risk");
    }

    [Fact]
    public async Task Invalid_answers_are_refused_naming_each_key_and_nothing_is_written()
    {
        var result = await AnswerAsync("""{ "name": "x", "operator_role": "vendor", "transparency": { "deep_fakes": true } }""");

        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors.Keys.Order().ShouldBe(["operator_role", "transparency.deep_fakes"]);
        result.Errors["operator_role"][0].ShouldStartWith("expected one of provider, deployer");
        result.Errors["transparency.deep_fakes"][0].ShouldStartWith("unknown key; expected one of interacts_with_natural_persons");
        await using var ctx = _db.NewContext();
        (await ctx.IntakeVersions.CountAsync(Ct)).ShouldBe(0);
        (await ctx.Ledger.CountAsync(Ct)).ShouldBe(1, "only the registration");
    }

    [Fact]
    public async Task Answering_the_intake_of_an_unknown_system_is_not_found()
    {
        var result = await _db.Get<SubmitIntake>().ExecuteAsync("no-such-system", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct);

        result.Kind.ShouldBe(ResultKind.NotFound);
        result.Message.ShouldBe("No AI system 'no-such-system'.");
    }

    [Fact]
    public async Task Obligations_split_into_those_in_force_and_upcoming_deadlines_on_the_clock_day()
    {
        (await AnswerAsync(IntakeAnswersJson.ResumeScreener)).IsOk.ShouldBeTrue();

        var obligations = (await _db.Get<GetObligations>().ExecuteAsync("resume-screening", Ct)).Value!;

        obligations.Today.ShouldBe(new DateOnly(2026, 3, 1));
        // Art 4 AI literacy applies from 2 Feb 2025 (Art 113(a)); the Chapter III obligations from 2 Aug 2026.
        obligations.InForce.Select(o => o.Article).ShouldBe(["Art 4"]);
        obligations.Upcoming.ShouldAllBe(o => o.AppliesFrom == new DateOnly(2026, 8, 2));
        obligations.Upcoming.Select(o => o.Article).ShouldContain("Art 50(1)");
    }
}
