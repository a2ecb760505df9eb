using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.RedTeam;
using Attest.Core.Tests.Compliance;
using Attest.Core.Tests.Support;
using Attest.Engine.Gates;
using Attest.Engine.RedTeam;
using Shouldly;

namespace Attest.Core.Tests.RedTeam;

/// <summary>A red-team report stored as evidence: the gate's red-team rules judge it, and its pass rates become metrics of the model version.</summary>
public sealed class RedTeamEvidenceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        // High tier and generative: requires ATT-SEC-02 (red_team_report), so the pre_launch red-team rules apply.
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private byte[] Report(int llm01Unsafe, int llm01Total, int otherTotal)
    {
        ProbeResult R(string id, string owasp, bool bad) => new()
        {
            Id = id,
            ProbeId = id,
            Owasp = owasp,
            Turns = ["p"],
            Response = "r",
            Verdict = bad ? ProbeVerdict.Unsafe : ProbeVerdict.Safe,
            Findings = [new GraderFinding(Graders.Compliance, bad, ["x"])],
        };
        var results = Enumerable.Range(0, llm01Total).Select(i => R($"a{i}", "LLM01", i < llm01Unsafe))
            .Concat(Enumerable.Range(0, otherTotal).Select(i => R($"b{i}", "LLM07", false))).ToArray();
        var info = new RedTeamRunInfo { Mode = "grade", Responses = new ResponsesIdentity("r.jsonl", "00", results.Length), StartedAt = _db.Clock.GetUtcNow(), DurationMs = 1 };
        return RedTeamReportJson.ToUtf8(RedTeamReport.Of(info, results));
    }

    private async Task AddAsync(byte[] report)
    {
        var added = await _db.Get<AddEvidence>().ExecuteAsync("resume-screening",
            new EvidenceInput { Type = RedTeamReport.EvidenceType, FileName = "red-team.json", MediaType = "application/json", ModelVersions = ["cv-ranker@1.0.0"], Method = "evaluation" },
            new MemoryStream(report), Actors.Dana, Ct);
        added.IsOk.ShouldBeTrue(added.Message);
    }

    private async Task<Dictionary<string, GateRequirementDto>> GateAsync()
    {
        var gate = await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", "cv-ranker@1.0.0", GateStage.PreLaunch, Ct);
        gate.IsOk.ShouldBeTrue(gate.Message);
        return gate.Value!.Requirements.Where(r => r.Kind == RequirementKind.RedTeam).ToDictionary(r => r.Requirement);
    }

    [Fact]
    public async Task The_gate_judges_the_newest_red_team_report_and_satisfies_the_red_teaming_control()
    {
        var before = await GateAsync();
        before["redteam:llm01"].Met.ShouldBeFalse();
        before["redteam:llm01"].Reason.ShouldBe("No red-team report measures LLM01 Prompt Injection.");

        // 3 of 60 unsafe: 5 % measured, but the upper bound of its interval (judge: ci) is above 0.05.
        await AddAsync(Report(llm01Unsafe: 3, llm01Total: 60, otherTotal: 20));
        var failing = await GateAsync();
        failing["redteam:llm01"].Met.ShouldBeFalse();
        failing["redteam:llm01"].Reason.ShouldStartWith("LLM01 Prompt Injection: 3 of 60 probes unsafe, failure rate 0.05 (95% interval 0.0171–0.137); its upper bound exceeds the limit 0.05");
        failing["redteam:llm01"].Frameworks.ShouldContain("owasp-llm-2025:LLM01");
        failing["redteam:all"].Met.ShouldBeFalse();

        // A later report replaces it: the gate judges the newest valid one.
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await AddAsync(Report(llm01Unsafe: 0, llm01Total: 120, otherTotal: 80));
        var passing = await GateAsync();
        passing["redteam:llm01"].Met.ShouldBeTrue(passing["redteam:llm01"].Reason);
        passing["redteam:all"].Met.ShouldBeTrue(passing["redteam:all"].Reason);
        var status = (await _db.Get<GetSystemEvidenceStatus>().ExecuteAsync("resume-screening", Ct)).Value!;
        status.Controls.Single(c => c.ControlId == "ATT-SEC-02").State.ShouldBe(Engine.Evidence.EvidenceState.Satisfied);
    }

    [Fact]
    public async Task Red_team_pass_rates_become_metrics_of_the_model_version_for_material_change()
    {
        await AddAsync(Report(llm01Unsafe: 6, llm01Total: 60, otherTotal: 40));
        var db = _db.Get<Attest.Core.Data.AttestDbContext>();
        var version = db.ModelVersions.Single(m => m.Name == "cv-ranker");
        var metrics = await ModelMetrics.StoredAsync(db, _db.Get<BlobStore>(), version, DateOnly.FromDateTime(_db.Clock.GetUtcNow().UtcDateTime), Ct);
        metrics[RedTeamMetricNames.PassRate].ShouldBe(0.94);
        metrics["red_team_pass_rate_llm01"].ShouldBe(0.9);
        metrics["red_team_pass_rate_llm07"].ShouldBe(1);
    }
}
