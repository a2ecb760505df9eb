using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Support;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Compliance;

/// <summary>Intake versions, overrides and control statuses on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresComplianceTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Intake_versions_overrides_and_control_statuses_round_trip_on_PostgreSQL()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        (await db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        db.Clock.Advance(TimeSpan.FromMinutes(5));
        (await db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).Value!.IntakeVersion.ShouldBe(2);
        (await db.Get<OverrideClassification>().ExecuteAsync("resume-screening",
            new OverrideInput { Class = EuAiActClass.LimitedRisk, Justification = "A justification long enough to count." }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<SetControlStatus>().ExecuteAsync("resume-screening", "ATT-RISK-01", new ControlStatusInput { Status = ControlStatus.InProgress }, null, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var view = (await db.Get<GetClassification>().ExecuteAsync("resume-screening", Ct)).Value!;
        (view.IntakeVersion, view.EffectiveClass, view.Computed.EuAiAct.Class).ShouldBe((2, EuAiActClass.LimitedRisk, EuAiActClass.HighRisk));
        var matrix = await db.Get<GetComplianceMatrix>().ExecuteAsync(ReadScope.Everything, Ct);
        matrix.Systems.Single().Statuses["ATT-RISK-01"].ShouldBe(ControlStatus.InProgress);
        await using var ctx = db.NewContext();
        (await ctx.Ledger.OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct)).ShouldBe(
            ["system.registered", "intake.answered", "classification.computed", "intake.answered", "classification.computed", "classification.overridden", "control.status_changed"]);
    }
}
