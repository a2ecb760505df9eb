using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Portfolio;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;

namespace Attest.Core.Tests.Portfolio;

/// <summary>Needs-attention on real SQLite with a fake clock (starts Sunday 2026-03-01 09:00 UTC).</summary>
public sealed class NeedsAttentionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, null);
    private static readonly CallerIdentity Lee = new(new Actor("user:lee", "Lee Legal"), [Roles.Reviewer], ["legal"], null, null);
    private static readonly CallerIdentity Ada = new(new Actor("user:ada", "Ada Auditor"), [Roles.Auditor], [], null, null);

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System() with { Stage = LifecycleStage.InReview }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("screener", "1.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<NeedsAttentionView> WorkAsync(CallerIdentity who, bool mine = true) => _db.Get<GetNeedsAttention>().ExecuteAsync(who, mine, Ct);

    [Fact]
    public async Task An_expired_waiver_is_red_and_expired_and_one_that_ends_soon_is_amber_and_expiring()
    {
        var waiver = await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = "ATT-RISK-02",
            Justification = "Use limits after the pilot.",
            CompensatingControls = "Pilot limited to 50 internal users.",
            RiskOwner = "Dana Kim",
            ExpiresOn = new DateOnly(2026, 3, 20),
        }, Actors.Dana, Ct);
        waiver.IsOk.ShouldBeTrue(waiver.Message);
        (await _db.Get<ApproveWaiver>().ExecuteAsync(waiver.Value!.Id, null, Gus, Ct)).IsOk.ShouldBeTrue();

        var soon = (await WorkAsync(Gus)).Items.Single(i => i.Kind is AttentionKind.WaiverExpiring or AttentionKind.WaiverExpired);
        (soon.Kind, soon.Level, soon.Badge, soon.Due).ShouldBe((AttentionKind.WaiverExpiring, AttentionLevel.Amber, "expiring", new DateOnly(2026, 3, 20)));
        soon.Detail.ShouldBe("19 days left; risk owner Dana Kim.");

        _db.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 25, 9, 0, 0, TimeSpan.Zero));
        var expired = (await WorkAsync(Gus)).Items.Single(i => i.Kind is AttentionKind.WaiverExpiring or AttentionKind.WaiverExpired);
        (expired.Kind, expired.Level, expired.Badge).ShouldBe((AttentionKind.WaiverExpired, AttentionLevel.Red, "expired"));
        expired.Title.ShouldBe("Waiver of ATT-RISK-02 (Intended purpose, context and use limits) expired on 20 Mar 2026");
        expired.Link.ShouldBe($"/systems/resume-screening/waivers#waiver-{waiver.Value.Id}");
        // Everyone who may read the system sees it on the portfolio; an auditor has no system of their own to fix.
        (await WorkAsync(Ada, mine: false)).Items.ShouldContain(i => i.Kind == AttentionKind.WaiverExpired);
        (await WorkAsync(Ada)).Items.ShouldNotContain(i => i.Kind == AttentionKind.WaiverExpired);
    }

    [Fact]
    public async Task A_review_waits_for_the_specialist_who_may_sign_it_and_its_failing_gate_is_flagged()
    {
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;

        var lee = await WorkAsync(Lee);
        var signOff = lee.Items.ShouldHaveSingleItem();
        (signOff.Kind, signOff.Badge, signOff.Link).ShouldBe((AttentionKind.SignOffWaiting, "waiting for you", $"/reviews/{review.Id}#signoff-legal"));
        // The requester is not independent: the review never waits for their sign-off.
        var requesterAsReviewer = new CallerIdentity(Actors.Dana.Actor, [Roles.Reviewer], ["legal"], null, null);
        (await WorkAsync(requesterAsReviewer)).Items.ShouldNotContain(i => i.Kind == AttentionKind.SignOffWaiting);

        var gate = (await WorkAsync(Gus)).Items.Single(i => i.Kind == AttentionKind.FailingGate);
        (gate.Level, gate.Badge).ShouldBe((AttentionLevel.Red, "fails"));
        gate.Link.ShouldBe("/systems/resume-screening/gate?stage=pre_launch&model_version=screener%401.0");
        gate.Detail.ShouldStartWith($"{(await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", "screener@1.0", GateStage.PreLaunch, Ct)).Value!.Unmet.Count} of ");
    }

    [Fact]
    public async Task A_production_deployment_without_an_approval_in_force_is_flagged_until_one_covers_it()
    {
        (await _db.Get<SaveDeployment>().RecordAsync("resume-screening", new DeploymentInput
        {
            ModelVersion = "screener@1.0",
            Environment = DeploymentEnvironment.Production,
            Region = "eu-west-1",
            Status = DeploymentStatus.Active,
        }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var flagged = (await WorkAsync(Gus)).Items.Single(i => i.Kind == AttentionKind.DeployedWithoutApproval);
        (flagged.Level, flagged.Badge).ShouldBe((AttentionLevel.Red, "no approval"));
        flagged.Detail.ShouldBe("screener@1.0 in eu-west-1: no release go or conditional go is in force.");

        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        await ReviewSteps.SignOffAllAsync(_db, review, Ct);
        var eve = new CallerIdentity(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, null);
        (await WorkAsync(eve)).Items.ShouldContain(i => i.Kind == AttentionKind.DecisionWaiting && i.Link == $"/reviews/{review.Id}#decision");
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot.",
            Conditions = [new ConditionInput { Description = "Attach the evidence", Owner = "Gus Lead", DueOn = new DateOnly(2026, 3, 10), Answers = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct) }],
        }, null, eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        (await WorkAsync(Gus)).Items.ShouldNotContain(i => i.Kind == AttentionKind.DeployedWithoutApproval);

        // The condition's due day passes: overdue, and on the work list of its owner.
        _db.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 11, 9, 0, 0, TimeSpan.Zero));
        var overdue = (await WorkAsync(new CallerIdentity(new Actor("user:gus2", "Gus Lead"), [Roles.ProductOwner], [], null, null))).Items.ShouldHaveSingleItem();
        (overdue.Kind, overdue.Badge, overdue.Title).ShouldBe((AttentionKind.ConditionOverdue, "overdue", "Condition overdue since 10 Mar 2026: Attach the evidence"));
    }
}
