using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Monitoring;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Monitoring;

/// <summary>Overdue incident deadlines raise alerts from the scheduler round: once each, routed by the plan, resolved when met.</summary>
public sealed class DeadlineAlertTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<IncidentDto> ReportBreachAsync(MonitoringScenario s)
    {
        var reported = await s.Db.Get<ReportIncident>().ExecuteAsync(MonitoringScenario.Slug, new IncidentInput
        {
            Title = "CVs of applicants visible to other applicants",
            Severity = IncidentSeverity.Severe,
            Category = "privacy_leakage",
            PersonalDataBreach = true,
        }, Actors.Dana, Ct);
        reported.IsOk.ShouldBeTrue(reported.Message);
        return reported.Value!;
    }

    private static async Task<List<MonitoringAlert>> DeadlineAlertsAsync(MonitoringScenario s)
    {
        await using var db = s.Db.NewContext();
        return await db.MonitoringAlerts.AsNoTracking().Where(a => a.Kind == DeadlineAlerts.Kind).OrderBy(a => a.SignalId).ToListAsync(Ct);
    }

    [Fact]
    public async Task A_deadline_passed_unmet_raises_one_alert_routed_by_the_plan_and_meeting_it_resolves_the_alert()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        using var hook = new WebhookReceiver(200);
        await s.SavePlanAsync(MonitoringTests.Plan(hook.Url));
        var incident = await ReportBreachAsync(s);

        (await s.Db.Get<RunDueMonitoring>().ExecuteAsync("a", Ct)).DeadlineAlerts.ShouldBe(0, "nothing is due yet");
        (await DeadlineAlertsAsync(s)).ShouldBeEmpty();

        // 25 hours later the 24-hour triage has passed unmet.
        s.Db.Clock.Advance(TimeSpan.FromHours(25));
        (await s.Db.Get<RunDueMonitoring>().ExecuteAsync("a", Ct)).DeadlineAlerts.ShouldBe(1);
        var triage = (await DeadlineAlertsAsync(s)).ShouldHaveSingleItem();
        (triage.SignalId, triage.Target, triage.IncidentId, triage.Severity, triage.State, triage.Metric)
            .ShouldBe(("deadline:internal:triage", incident.Id, incident.Id, AlertSeverity.Medium, AlertState.Open, "triage"));
        triage.LastValue.ShouldBe(1.0);
        var sent = hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(b => b.GetProperty("kind").GetString() == DeadlineAlerts.Kind).ToList();
        var body = sent.ShouldHaveSingleItem();
        (body.GetProperty("signal").GetString(), body.GetProperty("alert").GetString(), body.GetProperty("severity").GetString())
            .ShouldBe(("deadline:internal:triage", triage.Id, "medium"));
        body.GetProperty("summary").GetString()!.ShouldContain(incident.Id);

        // Later rounds do not raise it again.
        s.Db.Clock.Advance(TimeSpan.FromHours(1));
        (await s.Db.Get<RunDueMonitoring>().ExecuteAsync("b", Ct)).DeadlineAlerts.ShouldBe(0);

        // At 73 hours the GDPR notification (72 h, high) and the containment plan (72 h, medium) have passed as well.
        s.Db.Clock.Advance(TimeSpan.FromHours(47));
        (await s.Db.Get<RunDueMonitoring>().ExecuteAsync("a", Ct)).DeadlineAlerts.ShouldBe(2);
        var alerts = await DeadlineAlertsAsync(s);
        alerts.Select(a => (a.SignalId, a.Severity)).ShouldBe([
            ("deadline:gdpr_art33:supervisory_authority_notification", AlertSeverity.High),
            ("deadline:internal:containment_plan", AlertSeverity.Medium),
            ("deadline:internal:triage", AlertSeverity.Medium)]);

        // Triaging the incident meets the triage: its alert is resolved in the same change; the others stay open.
        var moved = await s.Db.Get<MoveIncident>().ExecuteAsync(incident.Id, new IncidentMoveInput { Status = IncidentStatus.Triaged }, null, Actors.Dana, Ct);
        moved.IsOk.ShouldBeTrue(moved.Message);
        var notified = await s.Db.Get<RecordObligationMet>().ExecuteAsync(incident.Id,
            new ObligationMetInput { Regime = ClockRegime.GdprArt33, Obligation = "supervisory_authority_notification" }, null, Actors.Dana, Ct);
        notified.IsOk.ShouldBeTrue(notified.Message);
        alerts = await DeadlineAlertsAsync(s);
        alerts.Select(a => (a.SignalId, a.State, a.ResolvedBy)).ShouldBe([
            ("deadline:gdpr_art33:supervisory_authority_notification", AlertState.Resolved, "system:attest"),
            ("deadline:internal:containment_plan", AlertState.Open, (string?)null),
            ("deadline:internal:triage", AlertState.Resolved, "system:attest")]);
        alerts[0].Resolution.ShouldStartWith("the obligation was met at ");
        alerts[2].ActiveKey.ShouldBeNull();

        // Met obligations raise nothing; the listing reads the alert with its incident.
        s.Db.Clock.Advance(TimeSpan.FromHours(1));
        (await s.Db.Get<RunDueMonitoring>().ExecuteAsync("a", Ct)).DeadlineAlerts.ShouldBe(0);
        var listed = (await s.Db.Get<ListAlerts>().ExecuteAsync(new AlertQuery(MonitoringScenario.Slug, "open"), ReadScope.Everything, Ct)).Value!.Items;
        listed.Where(a => a.Kind == DeadlineAlerts.Kind).ShouldHaveSingleItem().Incident.ShouldBe(incident.Id);
        await using var db = s.Db.NewContext();
        (await db.Ledger.CountAsync(e => e.Action == LedgerActions.DeadlineAlertOpened.Name, Ct)).ShouldBe(3);
        (await db.Ledger.CountAsync(e => e.Action == LedgerActions.AlertResolved.Name, Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task A_system_without_a_plan_still_gets_the_alert_with_nothing_to_deliver()
    {
        await using var s = await MonitoringScenario.CreateAsync();
        var incident = await ReportBreachAsync(s);
        s.Db.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        (await s.Db.Get<RaiseOverdueDeadlines>().ExecuteAsync(Ct)).ShouldBe(1);
        (await DeadlineAlertsAsync(s)).ShouldHaveSingleItem().IncidentId.ShouldBe(incident.Id);
        await using var db = s.Db.NewContext();
        (await db.AlertDeliveries.CountAsync(Ct)).ShouldBe(0);
    }
}
