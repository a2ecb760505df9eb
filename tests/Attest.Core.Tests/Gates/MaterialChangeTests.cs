using System.Text.Json.Nodes;
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

namespace Attest.Core.Tests.Gates;

/// <summary>Model versions registered after an approved one are judged by data/gates/material-change.yaml.</summary>
public sealed class MaterialChangeTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task RegisterAsync(string version, string architecture, string prompt)
    {
        var result = await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", new ModelVersionInput
        {
            Name = "screener",
            Version = version,
            Kind = Engine.Inventory.ModelKind.Predictive,
            Provider = Engine.Inventory.ModelProvider.InHouse,
            Config = new JsonObject { ["architecture"] = architecture },
            PromptTemplateSha256 = prompt,
        }, Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Versions_after_the_approved_one_are_material_when_a_trigger_fires_with_the_diff()
    {
        (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!.Note.ShouldNotBeNull();
        var same = new string('a', 64);
        var other = new string('b', 64);
        await RegisterAsync("1.0", "gbm", same);
        var review = (await _db.Get<RequestRelease>().ExecuteAsync(new ReleaseRequestInput { System = "resume-screening", ModelVersion = "1.0", Stage = GateStage.PreLaunch }, Actors.Dana, Ct)).Value!;
        await ReviewSteps.SignOffAllAsync(_db, review, Ct);
        var decided = await _db.Get<DecideReview>().ExecuteAsync(review.Id, new DecisionInput
        {
            Decision = BoardDecision.ConditionalGo,
            Rationale = "Pilot.",
            Conditions = [new ConditionInput { Description = "Attach the fairness report", Owner = "Dana Kim", DueOn = new DateOnly(2026, 4, 1), Answers = await ReviewSteps.UnmetAsync(_db, "resume-screening", review, Ct) }],
        }, null, Eve, Ct);
        decided.IsOk.ShouldBeTrue(decided.Message);
        await RegisterAsync("1.1", "gbm", same);
        await RegisterAsync("2.0", "transformer", other);

        var view = (await _db.Get<ListMaterialChanges>().ExecuteAsync("resume-screening", Ct)).Value!;

        view.ApprovedVersion.ShouldBe("screener@1.0");
        view.ApprovedByReview.ShouldBe(review.Id);
        view.Changes.Select(c => (c.CandidateVersion, c.Material)).ShouldBe([("screener@1.1", false), ("screener@2.0", true)]);
        view.Changes[0].Checks.Count.ShouldBe(18, "every trigger of data/gates/material-change.yaml is checked");
        view.Changes[1].Fired.ShouldBe(["architecture", "prompt-template"]);
        view.Changes[1].Checks.Single(c => c.Trigger == "architecture").Detail.ShouldBe("architecture: gbm → transformer");
        view.Changes[1].Diff.Select(d => d.Field).ShouldBe(["architecture", "prompt_template_hash"]);
    }
}
