using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Alerts for incident deadlines that passed unmet: kind <c>deadline</c>, signal <c>deadline:&lt;regime&gt;:&lt;obligation&gt;</c>,
/// target the incident (so the alert's active key makes "one alert per incident × obligation while open" a unique index),
/// linked to the incident; high for a legal regime, medium for an internal SLA. Opened by <see cref="RaiseOverdueDeadlines"/>,
/// resolved when the obligation is recorded as met (<see cref="ResolveAsync"/>, from the incident's change).
/// </summary>
public static class DeadlineAlerts
{
    public const string Kind = "deadline";

    public static string SignalOf(ClockRegime regime, string obligation) => $"{Kind}:{WireName.Of(regime)}:{obligation}";

    public static AlertSeverity SeverityOf(ClockRegime regime) => regime == ClockRegime.Internal ? AlertSeverity.Medium : AlertSeverity.High;

    internal static string ActiveKey(Incident incident, ClockRegime regime, string obligation) =>
        RunMonitoring.ActiveKey(incident.SystemId, SignalOf(regime, obligation), incident.Id);

    /// <summary>Opens the alert for one overdue deadline in the change (the caller has checked that none exists yet).</summary>
    internal static async Task<MonitoringAlert> OpenAsync(GovernedChange change, AttestDbContext db, IdGenerator ids, Incident incident, IncidentDeadline deadline, CancellationToken ct)
    {
        var now = change.Now;
        var system = change.System;
        var overdueHours = Math.Round((now - deadline.DueAt).TotalHours, 2);
        var alert = new MonitoringAlert
        {
            Id = ids.New("alr"),
            SystemId = system.Id,
            SignalId = SignalOf(deadline.Regime, deadline.Obligation),
            Target = incident.Id,
            Kind = Kind,
            Metric = deadline.Obligation,
            Severity = SeverityOf(deadline.Regime),
            State = AlertState.Open,
            Count = 1,
            LastValue = overdueHours,
            Threshold = 0,
            Comparator = ">",
            ModelVersionLabel = incident.ModelVersionLabel ?? "",
            OpenedAt = now,
            LastBreachAt = now,
            IncidentId = incident.Id,
            ActiveKey = ActiveKey(incident, deadline.Regime, deadline.Obligation),
            Version = 1,
        };
        db.MonitoringAlerts.Add(alert);
        await change.RecordAsync(LedgerActions.DeadlineAlertOpened, new JsonObject
        {
            ["alert_id"] = alert.Id,
            ["signal"] = alert.SignalId,
            ["incident_id"] = incident.Id,
            ["regime"] = WireName.Of(deadline.Regime),
            ["obligation"] = deadline.Obligation,
            ["label"] = deadline.Label,
            ["citation"] = deadline.Citation,
            ["due_at"] = Stamp(deadline.DueAt),
            ["overdue_hours"] = overdueHours,
            ["severity"] = WireName.Of(alert.Severity),
        }, ct);
        await QueueAsync(db, ids, system, alert, "alert.opened", $"{deadline.Label} of incident {incident.Id} ({incident.Title}) was due {Stamp(deadline.DueAt)} and is not met ({deadline.Citation}).", now, ct);
        return alert;
    }

    /// <summary>Resolves the open alert of a deadline that has just been met, if there is one.</summary>
    internal static async Task ResolveAsync(GovernedChange change, AttestDbContext db, IdGenerator ids, Incident incident, ClockRegime regime, string obligation, DateTimeOffset metAt, CancellationToken ct)
    {
        var key = ActiveKey(incident, regime, obligation);
        var alert = db.MonitoringAlerts.Local.FirstOrDefault(a => a.ActiveKey == key) ?? await db.MonitoringAlerts.FirstOrDefaultAsync(a => a.ActiveKey == key, ct);
        if (alert is null) return;
        alert.State = AlertState.Resolved;
        alert.ResolvedAt = change.Now;
        alert.ResolvedBy = Actor.System.Id;
        alert.Resolution = $"the obligation was met at {Stamp(metAt)}";
        alert.ActiveKey = null;
        alert.Version++;
        await change.RecordAsync(LedgerActions.AlertResolved, new JsonObject
        {
            ["alert_id"] = alert.Id,
            ["signal"] = alert.SignalId,
            ["target"] = alert.Target,
            ["resolution"] = alert.Resolution,
            ["automatic"] = true,
        }, ct);
        await QueueAsync(db, ids, change.System, alert, "alert.resolved", $"The overdue {obligation} of incident {incident.Id} was met at {Stamp(metAt)}.", change.Now, ct);
    }

    // Routed by the plan in force of the incident's system, when it has one.
    private static async Task QueueAsync(AttestDbContext db, IdGenerator ids, AiSystem system, MonitoringAlert alert, string @event, string summary, DateTimeOffset now, CancellationToken ct)
    {
        if (await MonitoringPlans.InForceAsync(db, system.Id, ct) is not { } row) return;
        AlertDeliveries.Queue(db, ids, system, alert, row.Version, MonitoringPlans.Plan(row), @event, summary, now);
    }

    private static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
