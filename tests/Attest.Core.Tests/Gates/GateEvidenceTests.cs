using System.Text;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Gates;

namespace Attest.Core.Tests.Gates;

/// <summary>The gate judges controls by the same evidence freshness the controls page shows, with a fake clock.</summary>
public sealed class GateEvidenceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private async Task<GateRequirementDto> FairnessControlAsync()
    {
        var report = (await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", null, GateStage.PreLaunch, Ct)).Value!;
        return report.Requirements.Single(r => r.Requirement == "control:ATT-DATA-02");
    }

    [Fact]
    public async Task Fresh_evidence_satisfies_a_control_in_the_gate_until_it_expires()
    {
        (await FairnessControlAsync()).Met.ShouldBeFalse();

        var added = await _db.Get<AddEvidence>().ExecuteAsync("resume-screening",
            new EvidenceInput { Type = "fairness_report", FileName = "fairness.json", MediaType = "application/json", ValidUntil = new DateOnly(2026, 6, 30) },
            new MemoryStream(Encoding.UTF8.GetBytes("{\"n\": 10}")), Actors.Dana, Ct);
        added.IsOk.ShouldBeTrue(added.Message);

        var fresh = await FairnessControlAsync();
        fresh.Met.ShouldBeTrue(fresh.Reason);
        fresh.Reason.ShouldContain(added.Value!.Id);

        _db.Clock.Advance(TimeSpan.FromDays(130)); // 2026-07-09: past valid-until
        var stale = await FairnessControlAsync();
        stale.Met.ShouldBeFalse();
        stale.Reason.ShouldContain("stale");
    }
}
