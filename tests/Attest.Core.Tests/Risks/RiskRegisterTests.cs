using Attest.Core.Common;
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
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Risks;

/// <summary>
/// The risk register and incidents of a high-tier system (resume screening) on real SQLite with a fake clock
/// (2026-03-01 09:00 UTC), and how the pre_launch gate (risks_from: high, incidents_from: severe) judges them.
/// </summary>
public sealed class RiskRegisterTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private static readonly CallerIdentity Dana = new(Actors.Dana.Actor, [Roles.ProductOwner], [], null, "dana");
    private static readonly CallerIdentity DanaAsExecutive = new(Actors.Dana.Actor, [Roles.ExecutiveApprover], [], null, "dana");
    private static readonly CallerIdentity Gus = new(new Actor("user:gus", "Gus Lead"), [Roles.GovernanceLead], [], null, "gus");
    private static readonly CallerIdentity Eve = new(new Actor("user:eve", "Eve Exec"), [Roles.ExecutiveApprover], [], null, "eve");

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        (await _db.Get<RegisterSystem>().ExecuteAsync(Inputs.System(), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<SubmitIntake>().ExecuteAsync("resume-screening", IntakeAnswersJson.ResumeScreener, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(version: "1.0.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        (await _db.Get<RegisterModelVersion>().ExecuteAsync("resume-screening", Inputs.Model(version: "2.0.0"), Actors.Dana, Ct)).IsOk.ShouldBeTrue();
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RiskInput CareerGaps => new()
    {
        Title = "Penalises career gaps",
        Description = "The ranker scores CVs with career gaps lower, which correlates with parental leave.",
        Severity = RiskSeverity.High,
        Likelihood = RiskLikelihood.Likely,
        Control = "ATT-DATA-02",
        Owner = "Dana Kim",
    };

    private async Task<RiskDto> RecordAsync(RiskInput input)
    {
        var result = await _db.Get<RecordRisk>().ExecuteAsync("resume-screening", input, Actors.Dana, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    private async Task<GateReport> PreLaunchAsync(string? modelVersion = null)
    {
        var result = await _db.Get<EvaluateGate>().ExecuteAsync("resume-screening", modelVersion, GateStage.PreLaunch, Ct);
        result.IsOk.ShouldBeTrue(result.Message);
        return result.Value!;
    }

    private static IEnumerable<(string Requirement, bool Met, string Reason)> Of(GateReport report, RequirementKind kind) =>
        report.Requirements.Where(r => r.Kind == kind).Select(r => (r.Requirement, r.Met, r.Reason));

    private async Task<IReadOnlyList<string>> LedgerActionsAsync(string prefix)
    {
        await using var db = _db.NewContext();
        return (await db.Ledger.AsNoTracking().OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct))
            .Where(a => a.StartsWith(prefix, StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task An_open_high_risk_blocks_pre_launch_until_an_executive_approver_accepts_it()
    {
        var risk = await RecordAsync(CareerGaps);
        var minor = await RecordAsync(CareerGaps with { Title = "Typos in rejection letters", Severity = RiskSeverity.Medium, Control = null });
        risk.Id.ShouldStartWith("rsk_");
        risk.Treatment.ShouldBe(RiskTreatment.Open);
        risk.RecordedBy.ShouldBe("user:dana");
        risk.Version.ShouldBe(1);

        var before = await PreLaunchAsync();
        before.Decision.ShouldBe(GateDecision.NoGo);
        // risks_from: high, so the medium risk is not a requirement at all.
        Of(before, RequirementKind.Risk).ShouldBe([($"risk:{risk.Id}", false, $"high risk {risk.Id} (Penalises career gaps) is open.")]);
        before.Unmet.Select(u => u.Requirement).ShouldContain($"risk:{risk.Id}");

        var byRecorder = await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot only." }, null, DanaAsExecutive, Ct);
        byRecorder.Kind.ShouldBe(ResultKind.Forbidden);
        byRecorder.Message.ShouldBe($"Separation of duties: risk {risk.Id} was recorded by user:dana, who cannot accept it.");
        var byLead = await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot only." }, null, Gus, Ct);
        byLead.Kind.ShouldBe(ResultKind.Forbidden);
        byLead.Message.ShouldBe("Accepting a high risk requires the executive_approver role.");
        (await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot only." }, 7, Eve, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);
        var keyOfAnotherSystem = new CallerIdentity(new Actor("key:k_other", "Other system's key"), [Roles.ExecutiveApprover], [], "sys_other", null);
        (await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot only." }, null, keyOfAnotherSystem, Ct)).Kind.ShouldBe(ResultKind.NotFound, "a key of another system is not told the risk exists");
        (await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = " " }, null, Eve, Ct)).Errors["rationale"].ShouldBe(["is required"]);

        var accepted = await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Pilot with 50 internal users; human review of every rejection." }, 1, Eve, Ct);
        accepted.IsOk.ShouldBeTrue(accepted.Message);
        accepted.Value!.Treatment.ShouldBe(RiskTreatment.Accepted);
        accepted.Value.AcceptedBy.ShouldBe("user:eve");
        accepted.Value.AcceptedAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        accepted.Value.AcceptanceRationale.ShouldBe("Pilot with 50 internal users; human review of every rejection.");
        accepted.Value.Version.ShouldBe(2);
        (await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "again" }, null, Eve, Ct)).Kind.ShouldBe(ResultKind.Conflict);
        // A governance lead may accept a medium risk: only high and critical need an executive approver.
        (await _db.Get<AcceptRisk>().ExecuteAsync(minor.Id, new RiskAcceptanceInput { Rationale = "Cosmetic." }, null, Gus, Ct)).IsOk.ShouldBeTrue();

        var after = await PreLaunchAsync();
        Of(after, RequirementKind.Risk).ShouldBe([($"risk:{risk.Id}", true, $"high risk {risk.Id} is accepted.")]);
        after.Unmet.Select(u => u.Requirement).ShouldNotContain($"risk:{risk.Id}");
        (await LedgerActionsAsync("risk.")).ShouldBe(["risk.recorded", "risk.recorded", "risk.accepted", "risk.accepted"]);
    }

    [Fact]
    public async Task Mitigating_a_risk_needs_a_mitigation_and_changing_the_severity_of_an_accepted_risk_reopens_it()
    {
        var risk = await RecordAsync(CareerGaps);

        var bare = await _db.Get<UpdateRisk>().ExecuteAsync(risk.Id, new RiskUpdateInput { Treatment = RiskTreatment.Mitigated }, null, Actors.Dana, Ct);
        bare.Kind.ShouldBe(ResultKind.Invalid);
        bare.Errors["mitigation"].ShouldBe(["is required when the treatment is mitigated: say how the risk was mitigated"]);
        var accepting = await _db.Get<UpdateRisk>().ExecuteAsync(risk.Id, new RiskUpdateInput { Treatment = RiskTreatment.Accepted }, null, Actors.Dana, Ct);
        accepting.Errors["treatment"].ShouldBe(["must be open or mitigated here; accepting a risk goes through POST /api/v1/risks/{id}/accept"]);
        (await _db.Get<UpdateRisk>().ExecuteAsync(risk.Id, new RiskUpdateInput { Owner = "Tom" }, 5, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);

        var mitigated = await _db.Get<UpdateRisk>().ExecuteAsync(risk.Id,
            new RiskUpdateInput { Treatment = RiskTreatment.Mitigated, Mitigation = "Career-gap features removed; parity re-measured." }, 1, Actors.Dana, Ct);
        mitigated.IsOk.ShouldBeTrue(mitigated.Message);
        mitigated.Value!.Treatment.ShouldBe(RiskTreatment.Mitigated);
        mitigated.Value.Title.ShouldBe("Penalises career gaps", "fields not given stay as they were");
        mitigated.Value.Version.ShouldBe(2);
        Of(await PreLaunchAsync(), RequirementKind.Risk).ShouldBe([($"risk:{risk.Id}", true, $"high risk {risk.Id} is mitigated.")]);

        (await _db.Get<AcceptRisk>().ExecuteAsync(risk.Id, new RiskAcceptanceInput { Rationale = "Residual disparity within tolerance." }, null, Eve, Ct)).IsOk.ShouldBeTrue();
        var raised = await _db.Get<UpdateRisk>().ExecuteAsync(risk.Id, new RiskUpdateInput { Severity = RiskSeverity.Critical }, 3, Actors.Dana, Ct);
        raised.IsOk.ShouldBeTrue(raised.Message);
        raised.Value!.Treatment.ShouldBe(RiskTreatment.Open, "the acceptance was given for a high risk, not a critical one");
        raised.Value.AcceptedBy.ShouldBeNull();
        raised.Value.AcceptanceRationale.ShouldBeNull();
        Of(await PreLaunchAsync(), RequirementKind.Risk).ShouldBe([($"risk:{risk.Id}", false, $"critical risk {risk.Id} (Penalises career gaps) is open.")]);
        (await LedgerActionsAsync("risk.")).ShouldBe(["risk.recorded", "risk.updated", "risk.accepted", "risk.updated"]);
    }

    [Fact]
    public async Task Bad_risk_input_is_refused_naming_the_field_and_nothing_is_written()
    {
        var record = _db.Get<RecordRisk>();

        var empty = await record.ExecuteAsync("resume-screening", new RiskInput(), Actors.Dana, Ct);
        empty.Kind.ShouldBe(ResultKind.Invalid);
        empty.Errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["owner", "severity", "title"]);
        empty.Errors["severity"].ShouldBe(["is required: one of low | medium | high | critical"]);
        (await record.ExecuteAsync("resume-screening", CareerGaps with { Control = "ATT-NOPE-01" }, Actors.Dana, Ct)).Errors["control"]
            .ShouldBe(["'ATT-NOPE-01' is not a control of the library (see `attest controls list`)."]);
        (await record.ExecuteAsync("resume-screening", CareerGaps with { Treatment = RiskTreatment.Mitigated }, Actors.Dana, Ct)).Errors.Keys.ShouldBe(["mitigation"]);
        (await record.ExecuteAsync("resume-screening", CareerGaps with { ModelVersion = "9.9.9" }, Actors.Dana, Ct)).Errors["model_version"][0]
            .ShouldStartWith("AI system 'resume-screening' has no model version '9.9.9'");
        (await record.ExecuteAsync("no-such-system", CareerGaps, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<UpdateRisk>().ExecuteAsync("rsk_missing", new RiskUpdateInput { Owner = "x" }, null, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<ListRisks>().ExecuteAsync("no-such-system", Ct)).Kind.ShouldBe(ResultKind.NotFound);

        await using var db = _db.NewContext();
        (await db.Risks.CountAsync(Ct)).ShouldBe(0);
        (await LedgerActionsAsync("risk.")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_risk_of_one_model_version_counts_in_that_version_s_gate_and_system_wide_risks_in_every_one()
    {
        var ofV1 = await RecordAsync(CareerGaps with { ModelVersion = "1.0.0" });
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var systemWide = await RecordAsync(CareerGaps with { Title = "Vendor lock-in of the CV parser", Severity = RiskSeverity.Critical, Control = null });
        ofV1.ModelVersion.ShouldBe("cv-ranker@1.0.0");

        (await PreLaunchAsync("1.0.0")).Requirements.Where(r => r.Kind == RequirementKind.Risk).Select(r => r.Requirement)
            .ShouldBe([$"risk:{ofV1.Id}", $"risk:{systemWide.Id}"]);
        (await PreLaunchAsync("cv-ranker@2.0.0")).Requirements.Where(r => r.Kind == RequirementKind.Risk).Select(r => r.Requirement)
            .ShouldBe([$"risk:{systemWide.Id}"]);
        // Without a model version the gate judges the system as a whole: every risk of it.
        (await PreLaunchAsync()).Requirements.Where(r => r.Kind == RequirementKind.Risk).Select(r => r.Requirement)
            .ShouldBe([$"risk:{ofV1.Id}", $"risk:{systemWide.Id}"]);
        (await _db.Get<ListRisks>().ExecuteAsync("resume-screening", Ct)).Value!.Select(r => r.Id).ShouldBe([ofV1.Id, systemWide.Id]);
    }

    [Fact]
    public async Task An_open_severe_incident_blocks_pre_launch_until_it_is_closed_with_a_resolution()
    {
        var report = _db.Get<ReportIncident>();
        var severe = await report.ExecuteAsync("resume-screening", new IncidentInput
        {
            Title = "All applicants from one region rejected",
            Description = "A postcode feature leaked into the ranker.",
            Severity = IncidentSeverity.Severe,
            OccurredAt = new DateTimeOffset(2026, 2, 27, 14, 30, 0, TimeSpan.FromHours(1)),
        }, Actors.Dana, Ct);
        severe.IsOk.ShouldBeTrue(severe.Message);
        _db.Clock.Advance(TimeSpan.FromMinutes(5));
        var incident = severe.Value!;
        incident.Id.ShouldStartWith("inc_");
        incident.Status.ShouldBe(IncidentStatus.Open);
        incident.ReportedAt.ShouldBe(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        incident.OccurredAt.ShouldBe(new DateTimeOffset(2026, 2, 27, 13, 30, 0, TimeSpan.Zero));
        (await report.ExecuteAsync("resume-screening", new IncidentInput { Title = "Slow ranking", Severity = IncidentSeverity.Moderate }, Actors.Dana, Ct)).IsOk.ShouldBeTrue();

        // incidents_from: severe, so the moderate one is not listed.
        Of(await PreLaunchAsync(), RequirementKind.Incident)
            .ShouldBe([($"incident:{incident.Id}", false, $"severe incident {incident.Id} (All applicants from one region rejected) is open.")]);

        var close = _db.Get<CloseIncident>();
        (await close.ExecuteAsync(incident.Id, new IncidentClosureInput(), null, Actors.Dana, Ct)).Errors["resolution"].ShouldBe(["is required"]);
        (await close.ExecuteAsync(incident.Id, new IncidentClosureInput { Resolution = "x" }, 4, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.PreconditionFailed);
        // Severe: it closes only after its post-incident review.
        (await close.ExecuteAsync(incident.Id, new IncidentClosureInput { Resolution = "x" }, 1, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Conflict);
        (await _db.Get<ReviewIncident>().ExecuteAsync(incident.Id, new IncidentReviewInput { RootCause = "data_quality", GovernanceGap = "Feature review missed proxies." }, 1, Actors.Dana, Ct)).IsOk.ShouldBeTrue();
        var closed = await close.ExecuteAsync(incident.Id, new IncidentClosureInput { Resolution = "Postcode feature removed; affected applicants re-ranked." }, 2, Actors.Dana, Ct);
        closed.IsOk.ShouldBeTrue(closed.Message);
        closed.Value!.Status.ShouldBe(IncidentStatus.Closed);
        closed.Value.ClosedBy.ShouldBe("user:dana");
        closed.Value.Version.ShouldBe(3);
        (await close.ExecuteAsync(incident.Id, new IncidentClosureInput { Resolution = "again" }, null, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.Conflict);

        Of(await PreLaunchAsync(), RequirementKind.Incident).ShouldBeEmpty();
        (await _db.Get<ListIncidents>().ExecuteAsync("resume-screening", Ct)).Value!.Select(i => (i.Title, i.Status))
            .ShouldBe([("Slow ranking", IncidentStatus.Open), ("All applicants from one region rejected", IncidentStatus.Closed)]);
        (await LedgerActionsAsync("incident.")).ShouldBe(["incident.reported", "incident.reported", "incident.reviewed", "incident.closed"]);
    }

    [Fact]
    public async Task Bad_incident_input_is_refused_naming_the_field()
    {
        var report = _db.Get<ReportIncident>();

        var empty = await report.ExecuteAsync("resume-screening", new IncidentInput(), Actors.Dana, Ct);
        empty.Errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["severity", "title"]);
        empty.Errors["severity"].ShouldBe(["is required: one of minor | moderate | severe | critical"]);
        var future = await report.ExecuteAsync("resume-screening",
            new IncidentInput { Title = "t", Severity = IncidentSeverity.Minor, OccurredAt = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero) }, Actors.Dana, Ct);
        future.Errors["occurred_at"].ShouldBe(["must not be in the future (now is 2026-03-01T09:00:00Z)"]);
        (await report.ExecuteAsync("no-such-system", new IncidentInput { Title = "t", Severity = IncidentSeverity.Minor }, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _db.Get<CloseIncident>().ExecuteAsync("inc_missing", new IncidentClosureInput { Resolution = "r" }, null, Actors.Dana, Ct)).Kind.ShouldBe(ResultKind.NotFound);

        await using var db = _db.NewContext();
        (await db.Incidents.CountAsync(Ct)).ShouldBe(0);
    }
}
