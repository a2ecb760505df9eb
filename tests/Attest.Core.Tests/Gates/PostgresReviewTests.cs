using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Gates;

/// <summary>Reviews, sign-offs, decisions and waivers on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresReviewTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_review_with_sign_offs_a_decision_and_a_waiver_round_trips_on_PostgreSQL()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var lee = new CallerIdentity(new Actor("user:lee", "Lee"), [Roles.Reviewer], [Specialties.Legal], null, "lee");
        var eve = new CallerIdentity(new Actor("user:eve", "Eve"), [Roles.ExecutiveApprover], [], null, "eve");

        var review = (await db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", Stage = GateStage.DesignReview }, Actors.Dana, Ct)).Value!;
        (await db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = "legal", Decision = SignOffDecision.RequestChanges, Rationale = "r" }, lee, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = "legal", Decision = SignOffDecision.Approve, Rationale = "r" }, lee, Ct)).IsOk.ShouldBeTrue();
        var waiver = (await db.Get<RequestWaiver>().ExecuteAsync(new WaiverInput
        {
            System = "resume-screening",
            Control = "ATT-RISK-02",
            Justification = "j",
            CompensatingControls = "c",
            RiskOwner = "o",
            ExpiresOn = new DateOnly(2026, 4, 1),
        }, Actors.Dana, Ct)).Value!;
        (await db.Get<ApproveWaiver>().ExecuteAsync(waiver.Id, waiver.Version, eve, Ct)).IsOk.ShouldBeTrue();
        var decided = await db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput { Decision = BoardDecision.NoGo, Rationale = "Not yet." }, null, eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);

        var stored = (await db.Get<GetReview>().ExecuteAsync(review.Id, Ct)).Value!;
        (stored.Status, stored.Decision, stored.DueOn).ShouldBe((ReviewStatus.Decided, BoardDecision.NoGo, new DateOnly(2026, 3, 27)));
        stored.Assignments.Single(a => a.Specialty == "legal").LatestDecision.ShouldBe(SignOffDecision.Approve);
        var gate = (await db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, GateStage.DesignReview, Ct)).Value!;
        gate.Requirements.Single(r => r.Requirement == "control:ATT-RISK-02").Met.ShouldBeTrue();
        await using var ctx = db.NewContext();
        (await ctx.Ledger.CountAsync(e => e.Action.StartsWith("review.") || e.Action.StartsWith("waiver."), Ct)).ShouldBe(6);
    }
}
