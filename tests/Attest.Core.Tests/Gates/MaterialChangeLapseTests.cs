using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Actions;
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

/// <summary>
/// Material-change assessments are recorded when a version is registered, edited or deployed after an approval:
/// a non-material version is covered by the approval (sign-offs carry over), a material one needs its own review,
/// and a material edit of the approved version makes its approval lapse. Conditions become tracked actions.
/// </summary>
public sealed class MaterialChangeLapseTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");
    private static readonly CallerIdentity Rex = new(new Actor("user:rex", "Rex Reviewer"), [Roles.Reviewer],
        [Specialties.Legal, Specialties.Privacy, Specialties.Security, Specialties.Fairness, Specialties.Safety], null, "rex");
    private static readonly string PromptA = new('a', 64);
    private static readonly string PromptB = new('b', 64);

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ModelVersionInput Version(string version, string architecture, string prompt) => new()
    {
        Name = "screener",
        Version = version,
        Kind = Engine.Inventory.ModelKind.Predictive,
        Provider = Engine.Inventory.ModelProvider.InHouse,
        Config = new JsonObject { ["architecture"] = architecture },
        PromptTemplateSha256 = prompt,
    };

    private async Task<ModelVersionDto> RegisterAsync(string version, string architecture, string prompt)
    {
        var result = await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Version(version, architecture, prompt), Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        return result.Value!;
    }

    /// <summary>Version 1.0 approved at pre-launch with every routed specialist's sign-off and a conditional go.</summary>
    private async Task<ReleaseReviewDto> ApproveFirstVersionAsync()
    {
        await RegisterAsync("1.0", "gbm", PromptA);
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        foreach (var assignment in review.Assignments)
            (await _db.Get<SignOffReview>().ExecuteAsync(review.Id, new SignOffInput { Specialty = assignment.Specialty, Decision = SignOffDecision.Approve, Rationale = "Fine." }, Rex, Ct)).IsOk.ShouldBeTrue();
        var unmet = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct);
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot in one country.",
            Conditions =
            [
                new ConditionInput { Description = "Attach the fairness report", Owner = "Dana Kim", DueOn = new DateOnly(2026, 3, 10), Answers = unmet.Where(u => !u.StartsWith("control:ATT-TRA", StringComparison.Ordinal)).ToArray() },
                new ConditionInput { Description = "Publish the candidate notice", Owner = "Sam Lee", DueOn = new DateOnly(2026, 4, 1), Answers = unmet.Where(u => u.StartsWith("control:ATT-TRA", StringComparison.Ordinal)).DefaultIfEmpty(unmet[0]).ToArray() },
            ],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
        return decided.Value!;
    }

    private async Task<IReadOnlyList<GateRequirementDto>> SignOffRequirementsAsync(string version)
    {
        var gate = (await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", version, GateStage.PreLaunch, Ct)).Value!;
        return gate.Requirements.Where(r => r.Requirement.StartsWith("sign_off:", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task A_version_that_is_not_a_material_change_carries_the_approved_sign_offs_and_a_material_one_does_not()
    {
        var approved = await ApproveFirstVersionAsync();
        await RegisterAsync("1.1", "gbm", PromptA);
        await RegisterAsync("2.0", "transformer", PromptB);

        var same = await SignOffRequirementsAsync("1.1");
        var changed = await SignOffRequirementsAsync("2.0");

        same.Count.ShouldBe(approved.Assignments.Count);
        same.ShouldAllBe(r => r.Met);
        same[0].Reason.ShouldEndWith($"approved by user:rex (carried over from {approved.Id} of screener@1.0: screener@1.1 is not a material change).");
        changed.ShouldAllBe(r => !r.Met);
        var view = (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!;
        view.Changes.Select(c => (c.CandidateVersion, c.Material, c.Cause, c.ComparedWith)).ShouldBe(
            [("screener@1.1", false, "registered", "screener@1.0"), ("screener@2.0", true, "registered", "screener@1.0")]);
        await using var db = _db.NewContext();
        var ledger = await db.Ledger.OrderBy(e => e.Seq).Where(e => e.Action == "model_version.change_assessed").Select(e => e.PayloadJson).ToListAsync(Ct);
        ledger.Count.ShouldBe(2);
        ledger[1].ShouldContain("\"consequence\":\"new_review_required\"");
    }

    [Fact]
    public async Task A_material_edit_of_the_approved_version_makes_its_approval_lapse()
    {
        var approved = await ApproveFirstVersionAsync();
        string v1Id;
        await using (var read = _db.NewContext())
            v1Id = (await read.ModelVersions.AsNoTracking().SingleAsync(m => m.Version == "1.0", Ct)).Id;

        var edited = await _db.Get<UpdateModelVersion>().ExecuteAsync("resume-screening", v1Id, Version("1.0", "gbm", PromptB), null, Actors.Dana, Ct);

        edited.IsOk.ShouldBeTrue(edited.Message);
        var review = (await _db.Get<GetReview>().ExecuteAsync(approved.Id, Ct)).Value!;
        review.LapsedAt.ShouldNotBeNull();
        var view = (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!;
        view.ApprovedVersion.ShouldBeNull();
        view.Note.ShouldBe("The last approval lapsed after a material change; no model version is approved now.");
        view.Changes.Single().ShouldSatisfyAllConditions(
            c => c.Cause.ShouldBe("updated"),
            c => c.LapsedApproval.ShouldBeTrue(),
            c => c.Fired.ShouldBe(["prompt-template"]),
            c => review.LapsedByAssessment.ShouldBe(c.Id));
        (await SignOffRequirementsAsync("1.0")).ShouldAllBe(r => !r.Met);
        await using var db = _db.NewContext();
        (await db.Ledger.CountAsync(e => e.Action == "review.approval_lapsed", Ct)).ShouldBe(1);
    }

    [Fact]
    public async Task Deploying_the_approved_version_to_a_new_region_is_assessed_as_a_material_change()
    {
        await ApproveFirstVersionAsync();

        var deployed = await _db.Get<SaveDeployment>().RecordAsync("resume-screening", new DeploymentInput
        {
            ModelVersion = "screener@1.0",
            Environment = Engine.Inventory.DeploymentEnvironment.Production,
            Region = "us-east-1",
        }, Actors.Dana, Ct);

        deployed.IsOk.ShouldBeTrue(deployed.Message);
        var change = (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!.Changes.Single();
        change.Cause.ShouldBe("deployment");
        change.Fired.ShouldBe(["new-region", "new-environment"]);
        change.Checks.Single(c => c.Trigger == "new-region").Detail.ShouldBe("new deployment_regions: us-east-1");
        change.LapsedApproval.ShouldBeTrue();
    }

    [Fact]
    public async Task Conditions_of_a_conditional_go_become_tracked_actions_that_turn_overdue_and_are_closed_once()
    {
        var approved = await ApproveFirstVersionAsync();
        approved.Conditions.Select(c => (c.Description, c.Status)).ShouldBe(
            [("Attach the fairness report", TrackedActionStatus.Open), ("Publish the candidate notice", TrackedActionStatus.Open)]);
        _db.Clock.Advance(TimeSpan.FromDays(10)); // 2026-03-11: the first condition was due on 2026-03-10

        var open = (await _db.Get<ListActions>().ExecuteAsync("resume-screening", TrackedActionStatus.Open, ReadScope.Everything, Ct)).Value!;

        open.Select(a => (a.Description, a.Overdue)).ShouldBe([("Attach the fairness report", true), ("Publish the candidate notice", false)]);
        open[0].ReviewId.ShouldBe(approved.Id);
        var done = await _db.Get<CompleteAction>().ExecuteAsync(open[0].Id, new CompleteActionInput { Note = "Report ev_123 attached." }, 1, Actors.Dana, Ct);
        done.IsOk.ShouldBeTrue(done.Message);
        done.Value!.ShouldSatisfyAllConditions(a => a.Status.ShouldBe(TrackedActionStatus.Done), a => a.Overdue.ShouldBeFalse(), a => a.CompletedBy.ShouldBe(Actors.Dana.Actor.Id));
        (await _db.Get<CompleteAction>().ExecuteAsync(open[0].Id, new CompleteActionInput { Note = "again" }, null, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Conflict);
        (await _db.Get<CompleteAction>().ExecuteAsync(open[1].Id, new CompleteActionInput { Note = "" }, null, Actors.Dana, Ct)).Errors.Keys.ShouldBe(["note"]);
        (await _db.Get<CompleteAction>().ExecuteAsync(open[1].Id, new CompleteActionInput { Note = "x" }, 7, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);
        var review = (await _db.Get<GetReview>().ExecuteAsync(approved.Id, Ct)).Value!;
        review.Conditions.Select(c => c.Status).ShouldBe([TrackedActionStatus.Done, TrackedActionStatus.Open]);
        await using var db = _db.NewContext();
        (await db.Ledger.SingleAsync(e => e.Action == "action.completed", Ct)).PayloadJson.ShouldContain("\"late\":true");
    }

    private async Task AddEvaluationAsync(string version, double accuracy)
    {
        var value = accuracy.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var report = "{\"kind\":\"fairness\",\"n\":500,\"overall\":{\"accuracy\":" + value + ",\"roc_auc\":0.81}}";
        using var content = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(report));
        var added = await _db.Get<Features.Evidence.AddEvidence>().ExecuteAsync("resume-screening", new Features.Evidence.EvidenceInput
        {
            Type = "fairness_report",
            ModelVersions = [version],
            Method = "evaluation",
            FileName = "fairness.json",
        }, content, Actors.Dana, Ct);
        added.IsOk.ShouldBeTrue(added.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_new_evaluation_showing_a_metric_regression_beyond_tolerance_makes_a_version_material()
    {
        await RegisterAsync("1.0", "gbm", PromptA);
        await AddEvaluationAsync("screener@1.0", 0.90);
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        await ReviewSteps.SignOffAllAsync(_db, review, Ct);
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot.",
            Conditions = [new ConditionInput { Description = "Monitor accuracy", Owner = "Dana Kim", DueOn = new DateOnly(2026, 6, 1), Answers = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct) }],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        await RegisterAsync("1.1", "gbm", PromptA);

        await AddEvaluationAsync("screener@1.1", 0.885); // 0.015 worse: within the 0.02 tolerance of data/gates/material-change.yaml
        await AddEvaluationAsync("screener@1.1", 0.87);  // 0.03 worse: beyond it

        var changes = (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!.Changes;
        changes.Select(c => (c.Cause, c.Material)).ShouldBe([("registered", false), ("evaluation", false), ("evaluation", true)]);
        changes[1].Checks.Single(c => c.Trigger == "accuracy-regression").Detail.ShouldBe("accuracy: 0.9 → 0.885, within tolerance 0.02");
        changes[2].Fired.ShouldBe(["accuracy-regression"]);
        changes[2].Checks.Single(c => c.Trigger == "accuracy-regression").Detail.ShouldBe("accuracy: 0.9 → 0.87, worse by 0.03 > tolerance 0.02");
        changes[2].MetricDiff.ShouldBe([new MetricDiff("accuracy", 0.90, 0.87)]);
    }
}
