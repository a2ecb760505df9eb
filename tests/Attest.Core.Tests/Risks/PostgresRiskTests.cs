using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Risks;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;

namespace Attest.Core.Tests.Risks;

/// <summary>The risk register and incidents on PostgreSQL, the production database.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresRiskTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Risks_and_incidents_round_trip_on_PostgreSQL_and_reach_the_gate()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var eve = new CallerIdentity(new Core.Common.Actor("user:eve", "Eve"), [Roles.ExecutiveApprover], [], null, "eve");

        var risk = (await db.Get<RecordRisk>().ExecuteAsync("resume-screening", new RiskInput
        {
            Title = "Penalises career gaps",
            Severity = RiskSeverity.Critical,
            Likelihood = RiskLikelihood.AlmostCertain,
            Control = "ATT-DATA-02",
            Owner = "Dana Kim",
        }, Actors.Dana, Ct)).Value!;
        var incident = (await db.Get<ReportIncident>().ExecuteAsync("resume-screening",
            new IncidentInput { Title = "Region rejected", Severity = IncidentSeverity.Critical }, Actors.Dana, Ct)).Value!;
        var gate = (await db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, GateStage.PreLaunch, Ct)).Value!;
        gate.Unmet.Select(u => u.Requirement).ShouldContain($"risk:{risk.Id}");
        gate.Unmet.Select(u => u.Requirement).ShouldContain($"incident:{incident.Id}");

        (await db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot." }, risk.Version, eve, Ct)).IsOk.ShouldBeTrue();
        // A critical incident closes after its post-incident review.
        var reviewed = (await db.Get<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput { RootCause = "data_quality", GovernanceGap = "No check on postcode proxies." }, incident.Version, Actors.Dana, Ct)).Value!;
        (await db.Get<CloseIncident>().ExecuteAsync(incident.Id, new IncidentClosureInput { Resolution = "Fixed." }, reviewed.Version, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var stored = (await db.Get<ListRisks>().ExecuteAsync("resume-screening", Ct)).Value!.Single();
        (stored.Severity, stored.Likelihood, stored.Treatment, stored.AcceptedBy).ShouldBe((RiskSeverity.Critical, (RiskLikelihood?)RiskLikelihood.AlmostCertain, RiskTreatment.Accepted, "user:eve"));
        (await db.Get<ListIncidents>().ExecuteAsync("resume-screening", Ct)).Value!.Single().Status.ShouldBe(IncidentStatus.Closed);
        var after = (await db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, GateStage.PreLaunch, Ct)).Value!;
        after.Unmet.Select(u => u.Requirement).ShouldNotContain($"risk:{risk.Id}");
        after.Unmet.Select(u => u.Requirement).ShouldNotContain($"incident:{incident.Id}");
    }
}
