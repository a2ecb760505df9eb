using System.Text;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;

namespace Attest.Core.Tests.Evidence;

/// <summary>The evidence table (lists of controls, model versions, datasets) and freshness on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresEvidenceTests(PostgresServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Evidence_round_trips_and_drives_the_matrix_on_PostgreSQL()
    {
        await using var db = await TestDatabase.CreateAsync(await server.CreateDatabaseAsync());
        (await db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        var added = await db.Get<AddEvidence>().ExecuteAsync("resume-screening",
            new EvidenceInput { Type = "fairness_report", Controls = ["ATT-DATA-02"], ModelVersions = ["cv-ranker@1.0.0"], ValidUntil = new DateOnly(2026, 4, 30) },
            new MemoryStream(Encoding.UTF8.GetBytes("{\"n\": 5}")), Actors.Dana, Ct);

        added.IsOk.ShouldBeTrue(added.Message);
        var read = (await db.Get<GetEvidence>().ExecuteAsync(added.Value!.Id, Ct)).Value!;
        (read.Controls.Single(), read.ModelVersions.Single().Label, read.ValidUntil).ShouldBe(("ATT-DATA-02", "cv-ranker@1.0.0", new DateOnly(2026, 4, 30)));
        (await db.Get<GetComplianceMatrix>().ExecuteAsync(ReadScope.Everything, Ct)).Systems.Single().Statuses["ATT-DATA-02"].ShouldBe(ControlStatus.Satisfied);
        db.Clock.Advance(TimeSpan.FromDays(61)); // 2026-05-01
        var status = (await db.Get<GetSystemEvidenceStatus>().ExecuteAsync("resume-screening", Ct)).Value!;
        status.Controls.Single(c => c.ControlId == "ATT-DATA-02").State.ShouldBe(EvidenceState.Stale);
    }
}
