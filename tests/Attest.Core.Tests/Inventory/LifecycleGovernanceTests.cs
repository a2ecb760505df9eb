using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Inventory;

/// <summary>
/// Lifecycle moves follow governance: `approved` takes a go of the review board in force, `deployed` takes every
/// production model version covered by it, and editing what the approval judged (intended use, populations,
/// jurisdictions) is assessed as a material change that can make the approval lapse.
/// </summary>
public sealed class LifecycleGovernanceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, null);
    private static readonly CallerIdentity Rex = new(new Actor("user:rex", "Rex Reviewer"), [Roles.Reviewer],
        [Specialties.Legal, Specialties.Privacy, Specialties.Security, Specialties.Fairness, Specialties.Safety], null, null);

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System() with { Stage = LifecycleStage.InReview }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("screener", "1.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Result<SystemDetails>> MoveAsync(LifecycleStage stage, Func<SystemInput, SystemInput>? edit = null) =>
        _db.Get<UpdateSystem>().ExecuteAsync("resume-screening", (edit ?? (i => i))(Inputs.System() with { Stage = stage }), null, Actors.Dana, Ct);

    private async Task ApproveAsync(string version)
    {
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = version, Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        foreach (var assignment in review.Assignments)
            (await _db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = assignment.Specialty, Decision = SignOffDecision.Approve, Rationale = "Fine." }, Rex, Ct)).IsOk.ShouldBeTrue();
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot in one country.",
            Conditions = [new ConditionInput { Description = "Attach the fairness report", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 1), Answers = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct) }],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private Task<Result<DeploymentDto>> DeployAsync(string version, DeploymentStatus status) =>
        _db.Get<SaveDeployment>().RecordAsync("resume-screening", new DeploymentInput
        {
            ModelVersion = version,
            Environment = DeploymentEnvironment.Production,
            Region = "eu-west-1",
            Status = status,
        }, Actors.Dana, Ct);

    [Fact]
    public async Task Approved_without_a_go_in_force_is_a_conflict_naming_the_unmet_launch_gate()
    {
        var refused = await MoveAsync(LifecycleStage.Approved);

        refused.Kind.ShouldBe(ResultKind.Conflict);
        refused.Message!.ShouldStartWith("Cannot move 'resume-screening' to approved: no go or conditional go of the review board is in force");
        refused.Errors["stage"][0].ShouldBe("no go or conditional go of the review board is in force (request a release review and have it decided)");
        refused.Errors["stage"].Skip(1).ShouldNotBeEmpty();
        refused.Errors["stage"].Skip(1).ShouldAllBe(e => e.StartsWith("pre_launch gate unmet: ", StringComparison.Ordinal));
        await using var db = _db.NewContext();
        (await db.Systems.SingleAsync(Ct)).Stage.ShouldBe(LifecycleStage.InReview, "nothing written");
    }

    [Fact]
    public async Task Deployed_without_a_production_deployment_is_a_conflict()
    {
        await ApproveAsync("1.0");
        (await MoveAsync(LifecycleStage.Approved)).IsOk.ShouldBeTrue();

        var none = await MoveAsync(LifecycleStage.Deployed);

        none.Kind.ShouldBe(ResultKind.Conflict);
        none.Errors["stage"].ShouldBe(["no production deployment is recorded (record the deployment of the approved model version first)"]);
    }

    [Fact]
    public async Task Deployed_takes_every_production_version_covered_by_the_approval()
    {
        // The board approves the release as planned: version 1.0 in production in eu-west-1.
        (await DeployAsync("screener@1.0", DeploymentStatus.Planned)).IsOk.ShouldBeTrue();
        await ApproveAsync("1.0");
        (await MoveAsync(LifecycleStage.Approved)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model("screener", "2.0") with { Config = new JsonObject { ["architecture"] = "transformer" } }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await DeployAsync("screener@2.0", DeploymentStatus.Active)).IsOk.ShouldBeTrue();

        var uncovered = await MoveAsync(LifecycleStage.Deployed);

        uncovered.Kind.ShouldBe(ResultKind.Conflict);
        uncovered.Errors["stage"].ShouldBe(["model version screener@2.0 runs in production without an approval in force"]);
        var second = (await _db.Get<GetSystem>().ExecuteAsync("resume-screening", Ct)).Value!.Deployments.Single(d => d.Model == "screener@2.0");
        (await _db.Get<SaveDeployment>().UpdateAsync("resume-screening", second.Id, new DeploymentInput
        {
            ModelVersion = "screener@2.0",
            Environment = DeploymentEnvironment.Production,
            Region = "eu-west-1",
            Status = DeploymentStatus.Retired,
        }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await MoveAsync(LifecycleStage.Deployed)).Value!.Stage.ShouldBe(LifecycleStage.Deployed);
    }

    [Fact]
    public async Task Editing_the_intended_use_of_an_approved_system_makes_its_approval_lapse()
    {
        await ApproveAsync("1.0");
        (await MoveAsync(LifecycleStage.Approved)).IsOk.ShouldBeTrue();
        (await MoveAsync(LifecycleStage.Approved, i => i with { Name = "Résumé screening (renamed)" })).IsOk.ShouldBeTrue();
        (await ApprovalsInForce.LatestAsync(_db.NewContext(), (await _db.Get<GetSystem>().ExecuteAsync("resume-screening", Ct)).Value!.Id, Ct)).ShouldNotBeNull("a new name is not what the board judged");

        var edited = await MoveAsync(LifecycleStage.Approved, i => i with { IntendedUse = "Recruiters reject candidates automatically below a score." });

        edited.IsOk.ShouldBeTrue(edited.Message);
        await using var db = _db.NewContext();
        var assessment = await db.MaterialChanges.OrderByDescending(m => m.AssessedAt).FirstAsync(Ct);
        assessment.Cause.ShouldBe("system_updated");
        assessment.LapsedApproval.ShouldBeTrue();
        assessment.FiredJson.ShouldContain("intended-purpose");
        (await db.Ledger.Where(e => e.Action == "review.approval_lapsed").CountAsync(Ct)).ShouldBe(1);
        (await ApprovalsInForce.LatestAsync(db, assessment.SystemId, Ct)).ShouldBeNull();
        var refused = await MoveAsync(LifecycleStage.Deployed, i => i with { IntendedUse = "Recruiters reject candidates automatically below a score." });
        refused.Errors["stage"][0].ShouldStartWith("no go or conditional go");
    }
}
