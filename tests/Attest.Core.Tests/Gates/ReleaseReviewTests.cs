using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Gates;

/// <summary>A release from request to decision on real SQLite with a fake clock (starts Sunday 2026-03-01 09:00 UTC).</summary>
public sealed class ReleaseReviewTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly CallerIdentity Dana = new(Actors.Dana.Actor, [Roles.ProductOwner], [], null, "dana");
    private static readonly CallerIdentity Lee = new(new Actor("user:lee", "Lee Legal"), [Roles.Reviewer], [Specialties.Legal], null, "lee");
    private static readonly CallerIdentity Fay = new(new Actor("user:fay", "Fay Fair"), [Roles.Reviewer], [Specialties.Fairness, Specialties.Privacy], null, "fay");
    private static readonly CallerIdentity Sam = new(new Actor("user:sam", "Sam Sec"), [Roles.Reviewer], [Specialties.Security], null, "sam");
    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ReleaseReviewDto> RequestDesignReviewAsync()
    {
        var result = await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", Stage = GateStage.DesignReview }, Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    private async Task SetStatusAsync(string control, ControlStatus status) =>
        (await _db.Get<SetControlStatus>().ExecuteAsync("resume-screening", control, new ControlStatusInput { Status = status }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

    private Task<Result<ReleaseReviewDto>> SignAsync(string reviewId, CallerIdentity who, string specialty, SignOffDecision decision = SignOffDecision.Approve) =>
        _db.Get<SignOffReview>().ExecuteAsync(reviewId, new SignOffInput { Specialty = specialty, Decision = decision, Rationale = "Reviewed the design." }, who, Ct);

    private async Task<GateReport> GateAsync(GateStage stage = GateStage.DesignReview) =>
        (await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, stage, Ct)).Value!;

    [Fact]
    public async Task A_release_request_assigns_the_routed_specialists_and_a_due_date_from_the_tier_SLA()
    {
        var review = await RequestDesignReviewAsync();

        // Resume screening is high-risk (Annex III.4(a)), processes personal data and is used externally:
        // routing-v1.yaml sends it to legal, privacy, security and fairness.
        review.Tier.ShouldBe(RiskTier.High);
        review.Assignments.Select(a => a.Specialty).ShouldBe(["fairness", "legal", "privacy", "security"]);
        // High tier: 20 business days (data/reviews/policy.yaml) after Sunday 2026-03-01 = Friday 2026-03-27.
        review.DueOn.ShouldBe(new DateOnly(2026, 3, 27));
        review.Status.ShouldBe(ReviewStatus.Open);
        var again = await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", Stage = GateStage.DesignReview }, Actors.Dana, Ct);
        again.Kind.ShouldBe(ResultKind.Conflict);
    }

    [Fact]
    public async Task I_can_walk_a_release_from_request_to_go_and_an_expired_waiver_flips_the_gate_back()
    {
        var review = await RequestDesignReviewAsync();
        var before = await GateAsync();
        before.Decision.ShouldBe(GateDecision.NoGo);
        // data/gates/gates.yaml: design review at tier high checks ATT-GOV-01, ATT-RISK-01, ATT-RISK-02 and the routed sign-offs.
        before.Unmet.Select(u => u.Requirement).ShouldBe(
            ["control:ATT-GOV-01", "control:ATT-RISK-01", "control:ATT-RISK-02", "sign_off:legal", "sign_off:privacy", "sign_off:security", "sign_off:fairness"]);

        await SetStatusAsync("ATT-GOV-01", ControlStatus.Satisfied);
        await SetStatusAsync("ATT-RISK-01", ControlStatus.Satisfied);
        var waiver = await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = "ATT-RISK-02",
            Justification = "Use limits documented after the pilot.",
            CompensatingControls = "Pilot limited to 50 internal users; weekly manual audit.",
            RiskOwner = "Dana Kim",
            ExpiresOn = new DateOnly(2026, 4, 15),
        }, Actors.Dana, Ct);
        waiver.IsOk.ShouldBeTrue(waiver.Message);
        (await _db.Get<ApproveWaiver>().ExecuteAsync(waiver.Value!.Id, null, Dana, Ct)).Kind.ShouldBe(ResultKind.Forbidden, "the requester cannot approve");
        var approved = await _db.Get<ApproveWaiver>().ExecuteAsync(waiver.Value.Id, null, Gus, Ct);
        approved.IsOk.ShouldBeTrue(approved.Message);
        (await _db.Get<GetSystemControls>().ExecuteAsync("resume-screening", Ct)).Value!.Controls.Single(c => c.ControlId == "ATT-RISK-02").Status.ShouldBe(ControlStatus.Waived);

        (await SignAsync(review.Id, Lee, "legal")).IsOk.ShouldBeTrue();
        (await SignAsync(review.Id, Fay, "privacy")).IsOk.ShouldBeTrue();
        (await SignAsync(review.Id, Sam, "security")).IsOk.ShouldBeTrue();
        (await SignAsync(review.Id, Fay, "fairness", SignOffDecision.RequestChanges)).IsOk.ShouldBeTrue();
        (await GateAsync()).Unmet.Select(u => (u.Requirement, u.Reason)).ShouldBe([("sign_off:fairness", "fairness reviewer user:fay requested changes.")]);
        (await SignAsync(review.Id, Fay, "fairness")).IsOk.ShouldBeTrue();
        var passing = await GateAsync();
        passing.Decision.ShouldBe(GateDecision.Go);
        passing.Requirements.Single(r => r.Requirement == "control:ATT-RISK-02").Reason.ShouldBe($"ATT-RISK-02 is waived by {waiver.Value.Id} until 2026-04-15.");
        passing.ReliesOnWaivers.ShouldBeTrue();

        // A high-tier go accepts residual risk: a governance lead alone may not; an executive approver may.
        var decision = new DecisionInput { Decision = BoardDecision.Go, Rationale = "All design-review requirements met; RISK-02 waived for the pilot." };
        var byLead = await _db.Get<DecideReview>().ExecuteAsync(review.Id, decision, null, Gus, Ct);
        byLead.Kind.ShouldBe(ResultKind.Forbidden);
        byLead.Message.ShouldBe("Accepting the residual risk of a high-risk system requires the executive_approver role.");
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, decision, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        decided.Value!.Decision.ShouldBe(BoardDecision.Go);
        decided.Value.ResidualRiskAcceptedBy.ShouldBe("user:eve");
        decided.Value.PinnedGateSha256.ShouldNotBeNull().ShouldStartWith("sha256:");
        (await _db.Get<DecideReview>().ExecuteAsync(review.Id, decision, null, Eve, Ct)).Kind.ShouldBe(ResultKind.Conflict, "a closed review takes no second decision");
        // The one approved high-tier release relied on the ATT-RISK-02 waiver: dependency rate 1/1.
        (await _db.Get<GetReviewMetrics>().ExecuteAsync(ReadScope.Everything, Ct)).ShouldBe(new ReviewMetricsView(0, 0, 1, 1, 1.0));
        (await SignAsync(review.Id, Lee, "legal")).Kind.ShouldBe(ResultKind.Conflict);

        await using (var db = _db.NewContext())
        {
            var actions = (await db.Ledger.AsNoTracking().OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct)).Where(a => a.StartsWith("review.", StringComparison.Ordinal) || a.StartsWith("waiver.", StringComparison.Ordinal));
            actions.ShouldBe(["review.requested", "waiver.requested", "waiver.approved", "review.signed_off", "review.signed_off", "review.signed_off", "review.signed_off", "review.signed_off", "review.decided"]);
        }

        // 2026-04-16: the waiver ended yesterday, so ATT-RISK-02 is open again and the gate fails.
        _db.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 16, 9, 0, 0, TimeSpan.Zero));
        var after = await GateAsync();
        after.Decision.ShouldBe(GateDecision.NoGo);
        after.Unmet.Select(u => (u.Requirement, u.Reason)).ShouldBe(
            [// data/controls/risk.yaml: ATT-RISK-02 is "Intended purpose, context and use limits".
            ("control:ATT-RISK-02", $"ATT-RISK-02 (Intended purpose, context and use limits): waiver {waiver.Value.Id} expired on 2026-04-15, so the control is open again.")],
            "design review does not check expired waivers as such; the control reopens");
        (await GateAsync(GateStage.PreLaunch)).Unmet.Select(u => u.Requirement).ShouldContain($"waiver:{waiver.Value.Id}");
    }

    [Fact]
    public async Task Separation_of_duties_and_roles_are_enforced_on_sign_offs_and_decisions()
    {
        var review = await RequestDesignReviewAsync();
        var requesterAsReviewer = new CallerIdentity(Actors.Dana.Actor, [Roles.Reviewer], [Specialties.Legal], null, "dana");

        var self = await SignAsync(review.Id, requesterAsReviewer, "legal");
        self.Kind.ShouldBe(ResultKind.Forbidden);
        self.Message.ShouldBe("Separation of duties: the requester of an approval or waiver cannot grant it.");
        var wrongSpecialty = await SignAsync(review.Id, Lee, "privacy");
        wrongSpecialty.Kind.ShouldBe(ResultKind.Forbidden);
        wrongSpecialty.Message.ShouldBe("Signing off as privacy needs the privacy reviewer specialty; you hold legal.");
        (await SignAsync(review.Id, Lee, "safety")).Kind.ShouldBe(ResultKind.Invalid);
        var selfDecision = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.NoGo, Rationale = "x" }, null,
            new CallerIdentity(Actors.Dana.Actor, [Roles.GovernanceLead], [], null, "dana"), Ct);
        selfDecision.Kind.ShouldBe(ResultKind.Forbidden);
        // A plain go on a failing gate is refused and nothing is recorded.
        var go = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.Go, Rationale = "ship it" }, null, Eve, Ct);
        go.Kind.ShouldBe(ResultKind.Conflict);
        go.Message!.ShouldStartWith("The design_review gate is no_go (7 unmet: control:ATT-GOV-01, control:ATT-RISK-01, control:ATT-RISK-02, sign_off:legal, sign_off:privacy, …)");
        (await _db.Get<GetReview>().ExecuteAsync(review.Id, Ct)).Value!.Status.ShouldBe(ReviewStatus.Open);
        // A conditional go needs conditions; with them, the executive approver can take it on a failing gate.
        (await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.ConditionalGo, Rationale = "pilot" }, null, Eve, Ct)).Kind.ShouldBe(ResultKind.Invalid);
        var stale = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.NoGo, Rationale = "x" }, 99, Gus, Ct);
        stale.Kind.ShouldBe(ResultKind.PreconditionFailed);
        // A high-tier design review may leave only control work open (data/gates/gates.yaml): missing sign-offs are not a condition.
        var controlsOnly = new[] { "control:ATT-GOV-01", "control:ATT-RISK-01", "control:ATT-RISK-02" };
        var unsigned = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot only.",
            Conditions = [new ConditionInput { Description = "Complete the FRIA", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 30), Answers = controlsOnly }],
        }, review.Version, Eve, Ct);
        unsigned.Kind.ShouldBe(ResultKind.Conflict);
        unsigned.Message.ShouldBe("A conditional go at this gate may leave open only control; meet these first or decide no_go: sign_off:legal, sign_off:privacy, sign_off:security, sign_off:fairness.");
        foreach (var (who, specialty) in new[] { (Lee, "legal"), (Fay, "fairness"), (Fay, "privacy"), (Sam, "security") })
            (await SignAsync(review.Id, who, specialty)).IsOk.ShouldBeTrue();
        review = (await _db.Get<GetReview>().ExecuteAsync(review.Id, Ct)).Value!;
        // Each condition names the unmet requirements it answers, and together they answer all of them.
        var vague = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot only.",
            Conditions =
            [
                new ConditionInput { Description = "Complete the FRIA", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 30), Answers = ["control:ATT-RISK-01", "risk:R-9"] },
                new ConditionInput { Description = "Be careful", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 30) },
            ],
        }, review.Version, Eve, Ct);
        vague.Kind.ShouldBe(ResultKind.Invalid);
        vague.Errors["conditions[0].answers"].ShouldBe(["'risk:R-9' is not an unmet requirement of this gate"]);
        vague.Errors["conditions[1].answers"].ShouldBe(["is required: the unmet requirements this condition answers (e.g. control:ATT-RISK-01)"]);
        vague.Errors["conditions"].ShouldBe(["every unmet requirement needs a condition that answers it; not answered: control:ATT-GOV-01, control:ATT-RISK-02"]);
        var conditional = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot only.",
            Conditions = [new ConditionInput { Description = "Complete the FRIA", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 30), Answers = controlsOnly }],
        }, review.Version, Eve, Ct);
        conditional.IsOk.ShouldBeTrue(conditional.Message);
        var condition = conditional.Value!.Conditions.ShouldHaveSingleItem();
        (condition.Description, condition.Owner, condition.DueOn, condition.Status).ShouldBe(("Complete the FRIA", "Dana Kim", new DateOnly(2026, 4, 30), TrackedActionStatus.Open));
        condition.Answers.ShouldBe(controlsOnly);
        condition.ActionId.ShouldNotBeNull().ShouldStartWith("act_", Case.Sensitive, "each condition is followed up by a tracked action");
    }

    [Theory]
    [InlineData("2026-03-01", "expires_on", "must be after today (2026-03-01).")]
    // High tier: at most 90 days (data/reviews/policy.yaml): 2026-03-01 + 90 days = 2026-05-30.
    [InlineData("2026-05-31", "expires_on", "a waiver for a high-tier system runs at most 90 days: on or before 2026-05-30.")]
    public async Task A_waiver_past_the_tier_maximum_is_refused(string expires, string field, string problem)
    {
        var result = await _db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = "ATT-RISK-02",
            Justification = "j",
            CompensatingControls = "c",
            RiskOwner = "o",
            ExpiresOn = DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture),
        }, Actors.Dana, Ct);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors[field].ShouldBe([problem]);
        await using var db = _db.NewContext();
        (await db.Waivers.CountAsync(Ct)).ShouldBe(0);
    }

    [Fact]
    public async Task A_gate_for_an_unknown_model_version_is_bad_input()
    {
        var result = await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", "9.9", GateStage.PreLaunch, Ct);
        result.Kind.ShouldBe(ResultKind.Invalid);
        result.Errors["model_version"].ShouldBe(["AI system 'resume-screening' has no model version '9.9' (it has none)."]);
    }
}
