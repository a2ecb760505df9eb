using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Actions;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Controls;
using Attest.Engine.Gates;

namespace Attest.Core.Tests.Incidents;

/// <summary>The loop back from production to policy: a review's control change governs the matrix; repeat findings across systems.</summary>
public sealed class IncidentLoopTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly CallerIdentity Lead = new(new Actor("user:gina", "Gina Lead"), [Roles.GovernanceLead], [], null, null);
    private static readonly CallerIdentity Executive = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, null);

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        foreach (var slug in new[] { "resume-screening", "cv-parser" })
        {
            (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(slug), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
            (await _db.Get<SubmitIntake>().ExecuteAsync(slug, IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        }
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<IncidentDto> ReportAsync(string system, DateTimeOffset occurred) =>
        (await _db.Get<ReportIncident>().ExecuteAsync(system, new IncidentInput
        {
            Title = "Qualified women ranked lower",
            Severity = IncidentSeverity.Severe,
            Category = "bias_regression",
            OccurredAt = occurred,
            AwareAt = occurred.AddHours(3),
        }, Actors.Dana, Ct)).Value!;

    [Fact]
    public async Task Completing_a_control_change_writes_the_control_and_the_compliance_matrix_requires_it()
    {
        var incident = await ReportAsync("resume-screening", _db.Clock.GetUtcNow().AddDays(-2));
        var proposal = new ProposedControlInput
        {
            Id = "ORG-MON-01",
            Title = "Per-group fairness monitoring",
            Objective = "Selection rates per protected group are monitored in production with an alert route.",
            Evidence = ["monitoring_plan"],
            Mappings = ["eu-ai-act:art-72"],
        };
        var bad = await _db.Get<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput
        {
            RootCause = "monitoring_gap",
            GovernanceGap = "g",
            CorrectiveActions = [new CorrectiveActionInput { Description = "d", Owner = "o", DueOn = new DateOnly(2027, 1, 31), Kind = TrackedActionKind.ControlChange, Control = proposal with { Mappings = ["eu-ai-act:art-999"] } }],
        }, null, Actors.Dana, Ct);
        bad.Kind.ShouldBe(ResultKind.Invalid);
        bad.Errors["corrective_actions[0].control.mappings[0]"].ShouldBe(["no requirement eu-ai-act:art-999 in the framework packs in force"]);

        var reviewed = await _db.Get<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput
        {
            RootCause = "monitoring_gap",
            GovernanceGap = "Nobody watched selection rates per group after launch.",
            CorrectiveActions = [new CorrectiveActionInput { Description = "Add per-group fairness monitoring to the library", Owner = "Gina Lead", DueOn = new DateOnly(2027, 1, 31), Kind = TrackedActionKind.ControlChange, Control = proposal }],
        }, null, Actors.Dana, Ct);
        reviewed.IsOk.ShouldBeTrue(reviewed.Message);
        var actionId = reviewed.Value!.Review!.CorrectiveActions.Single();

        var before = await _db.Get<GetComplianceMatrix>().ExecuteAsync(ReadScope.Everything, Ct);
        before.Controls.Select(c => c.Id).ShouldNotContain("ORG-MON-01");

        // An executive approver may complete ordinary actions, not a change of the library.
        (await _db.Get<CompleteAction>().ExecuteAsync(actionId, new CompleteActionInput { Note = "done" }, null, Executive, Ct)).Kind.ShouldBe(ResultKind.Forbidden);
        var done = await _db.Get<CompleteAction>().ExecuteAsync(actionId, new CompleteActionInput { Note = "Control written; plan templates updated." }, null, Lead, Ct);
        done.IsOk.ShouldBeTrue(done.Message);

        var after = await _db.Get<GetComplianceMatrix>().ExecuteAsync(ReadScope.Everything, Ct);
        after.Controls.Single(c => c.Id == "ORG-MON-01").Requirements.ShouldBe(["eu-ai-act:art-72"]);
        var screener = after.Systems.Single(s => s.Slug == "resume-screening");
        screener.Statuses["ORG-MON-01"].ShouldBe(ControlStatus.NotStarted);
        screener.Required.ShouldBe(before.Systems.Single(s => s.Slug == "resume-screening").Required + 1);
        // Scoped to the incident's system: the other system does not require it.
        after.Systems.Single(s => s.Slug == "cv-parser").Statuses.ContainsKey("ORG-MON-01").ShouldBeFalse();
        // The gate lists it as an unmet control of the system.
        var gate = (await _db.Get<Features.Gates.EvaluateGate>().ExecuteAsync("resume-screening", null, GateStage.PreLaunch, Ct)).Value!;
        gate.Unmet.Select(u => u.Requirement).ShouldContain("control:ORG-MON-01");
        (await LedgerActionsAsync()).ShouldContain("control.change_applied");

        // What the gate requires can be answered like any other control: evidence names it, a waiver can be asked for it.
        var options = (await _db.Get<Features.Gates.GetWaiverOptions>().ExecuteAsync("resume-screening", Ct)).Value!;
        options.Controls.Select(c => c.ControlId).ShouldContain("ORG-MON-01");
        var waiver = await _db.Get<Features.Gates.RequestWaiver>().ExecuteAsync(new Features.Gates.WaiverInput
        {
            System = "resume-screening",
            Control = "ORG-MON-01",
            Justification = "Monitoring goes live with the next release.",
            CompensatingControls = "Weekly manual selection-rate check by the fairness reviewer.",
            RiskOwner = "Gina Lead",
            ExpiresOn = DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime).AddDays(30),
        }, Actors.Dana, Ct);
        waiver.IsOk.ShouldBeTrue(waiver.Message);
        (await _db.Get<Features.Gates.RequestWaiver>().ExecuteAsync(new Features.Gates.WaiverInput
        {
            System = "cv-parser",
            Control = "ORG-MON-01",
            Justification = "j",
            CompensatingControls = "c",
            RiskOwner = "r",
            ExpiresOn = DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime).AddDays(30),
        }, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Invalid, "the other system does not require it");
        var evidence = await _db.Get<Features.Evidence.AddEvidence>().ExecuteAsync("resume-screening",
            new Features.Evidence.EvidenceInput { Type = "monitoring_plan", Controls = ["ORG-MON-01"], MediaType = "text/markdown" },
            new MemoryStream("# Per-group monitoring plan"u8.ToArray()), Actors.Dana, Ct);
        evidence.IsOk.ShouldBeTrue(evidence.Message);
    }

    [Fact]
    public async Task The_same_root_cause_on_two_systems_within_12_months_is_a_repeat_finding_on_both()
    {
        var now = _db.Clock.GetUtcNow();
        var first = await ReportAsync("resume-screening", now.AddMonths(-11));
        var second = await ReportAsync("cv-parser", now.AddDays(-1));
        var third = await ReportAsync("resume-screening", now.AddDays(-3));
        foreach (var (incident, cause) in new[] { (first, "data_quality"), (second, "data_quality"), (third, "misuse") })
            (await _db.Get<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput { RootCause = cause, GovernanceGap = "gap" }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await _db.Get<GetIncident>().ExecuteAsync(first.Id, Ct)).Value!.RepeatOf.ShouldBe([second.Id]);
        var secondView = (await _db.Get<GetIncident>().ExecuteAsync(second.Id, Ct)).Value!;
        secondView.RepeatFinding.ShouldBeTrue();
        secondView.RepeatOf.ShouldBe([first.Id]);
        (await _db.Get<GetIncident>().ExecuteAsync(third.Id, Ct)).Value!.RepeatFinding.ShouldBeFalse();

        var kpi = await _db.Get<ListRepeatFindings>().ExecuteAsync(ReadScope.Everything, Ct);
        (kpi.Reviewed, kpi.Repeats, kpi.Rate).ShouldBe((3, 2, (double?)0.6667));
        kpi.Items.Select(i => i.IncidentId).ShouldBe([second.Id, first.Id]);
    }

    private async Task<IReadOnlyList<string>> LedgerActionsAsync()
    {
        await using var db = _db.NewContext();
        return db.Ledger.OrderBy(e => e.Seq).Select(e => e.Action).ToList();
    }
}
