using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Incidents;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Evaluates signals of a system's plan in force (all of them, or the ones the scheduler claimed) — gather the window's
/// facts, let the Engine decide, record — in one governed change: a time-series point per signal, alerts opened (a
/// ledger entry each, a delivery queued per route), repeats counted, alerts resolved after enough healthy evaluations.
/// A plan that says so opens an incident for a new alert (through <see cref="ReportIncident"/>, after the evaluation commits).
/// </summary>
public sealed class RunMonitoring(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ReportIncident reportIncident)
{
    public const string OnDemand = "run";
    public const string Scheduled = "schedule";

    public async Task<Result<MonitoringRunDto>> ExecuteAsync(string systemIdOrSlug, IReadOnlyCollection<string>? signalIds, string trigger, CallerIdentity caller, CancellationToken ct)
    {
        var incidents = new List<(string AlertId, MonitoringSignal Signal, string Summary, string ModelVersion)>();
        var result = await writes.ChangeAsync(caller, Permissions.MonitoringRun, WriteTarget.System(systemIdOrSlug), async change =>
        {
            incidents.Clear();
            var system = change.System;
            var row = await MonitoringPlans.InForceAsync(db, system.Id, ct);
            if (row is null) return Result<MonitoringRunDto>.NotFound($"AI system '{system.Slug}' has no monitoring plan yet.");
            var plan = MonitoringPlans.Plan(row);
            var now = change.Now;
            var modelVersion = await db.Decisions.AsNoTracking().Where(d => d.SystemId == system.Id && d.OccurredAt <= now)
                .OrderByDescending(d => d.OccurredAt).Select(d => d.ModelVersionLabel).FirstOrDefaultAsync(ct) ?? "";
            var active = await db.MonitoringAlerts.Where(a => a.SystemId == system.Id && a.State != AlertState.Resolved).ToListAsync(ct);
            var schedule = await db.MonitoringSchedule.Where(s => s.SystemId == system.Id).ToListAsync(ct);
            var results = new List<SignalRunDto>();
            var signals = plan.Signals.Where(s => signalIds is null || signalIds.Contains(s.Id)).ToList();
            var inputs = await WindowFacts.GatherAsync(db, system.Id, signals, now, ct);
            foreach (var signal in signals)
            {
                var input = inputs[signal.Id];
                var r = SignalEvaluator.Evaluate(signal, input, Seed(system.Id, signal.Id));
                var alert = await StepAsync(change, system, plan, row.Version, signal, r, modelVersion, active, ct);
                if (alert is { Count: 1, State: AlertState.Open, IncidentId: null } && signal.OpenIncident && alert.OpenedAt == now)
                    incidents.Add((alert.Id, signal, r.Summary, modelVersion));
                db.MonitoringPoints.Add(new MonitoringPoint
                {
                    SystemId = system.Id,
                    SignalId = signal.Id,
                    PlanVersion = row.Version,
                    ModelVersionLabel = modelVersion,
                    EvaluatedAt = now,
                    Value = r.Value,
                    Lower = r.Lower,
                    Upper = r.Upper,
                    N = r.N,
                    Status = r.Status,
                    Threshold = signal.Threshold,
                    Comparator = SignalCatalog.Symbol(signal.Comparator),
                    Target = r.Target,
                    AlertId = alert?.Id,
                    Trigger = trigger,
                });
                if (schedule.FirstOrDefault(s => s.SignalId == signal.Id) is { } slot) slot.LastEvaluatedAt = now;
                results.Add(new SignalRunDto(signal.Id, WireName.Of(signal.Kind), signal.Metric, r.Value, r.Lower, r.Upper, r.N, WireName.Of(r.Status), signal.Threshold,
                    SignalCatalog.Symbol(signal.Comparator), r.Target, r.Status == SignalStatus.Breached ? alert?.Id : null, r.Summary));
            }
            return Result<MonitoringRunDto>.Ok(new MonitoringRunDto(system.Slug, row.Version, now, modelVersion, results));
        }, ct);
        if (!result.IsOk) return result;

        // The incident is reported by Attest itself once the alert is committed, then linked to it.
        foreach (var (alertId, signal, summary, modelVersion) in incidents)
        {
            var reported = await reportIncident.ExecuteAsync(result.Value!.System, new IncidentInput
            {
                Title = $"Monitoring alert: {signal.Id} past its threshold",
                Description = $"{summary} ({signal.Metric} {SignalCatalog.Symbol(signal.Comparator)} {signal.Threshold}); alert {alertId}.",
                Severity = IncidentSeverityOf(signal.Severity),
                Category = CategoryOf(signal.Kind),
                ModelVersion = modelVersion.Length == 0 ? null : modelVersion.Split('@').Last(),
            }, CallerIdentity.Attest, ct);
            if (!reported.IsOk) continue;
            await writes.ChangeAsync(CallerIdentity.Attest, Permissions.MonitoringRun, WriteTarget.System(result.Value.System), async _ =>
            {
                var alert = await db.MonitoringAlerts.FirstAsync(a => a.Id == alertId, ct);
                alert.IncidentId = reported.Value!.Id;
                alert.Version++;
                return Result<bool>.Ok(true);
            }, ct);
        }
        return result;
    }

    // The taxonomy's category for what the signal watches (data/incidents/taxonomy.yaml); a person may recategorise on triage.
    private static string CategoryOf(SignalKind kind) => kind switch
    {
        SignalKind.Fairness => "bias_regression",
        SignalKind.Performance or SignalKind.Drift or SignalKind.PredictionDrift => "model_failure",
        _ => "other",
    };

    // Moves the alerts of one signal after its evaluation; returns the alert the evaluation is about (if any).
    private async Task<MonitoringAlert?> StepAsync(GovernedChange change, AiSystem system, MonitoringPlan plan, int planVersion, MonitoringSignal signal, SignalResult r,
        string modelVersion, List<MonitoringAlert> active, CancellationToken ct)
    {
        var now = change.Now;
        var mine = active.Where(a => a.SignalId == signal.Id && a.State != AlertState.Resolved).ToList();
        if (r.Status == SignalStatus.Breached)
        {
            var same = mine.FirstOrDefault(a => a.Target == r.Target);
            if (AlertRules.Next(same is not null, r.Status, same?.HealthyStreak ?? 0, plan.AutoResolveAfter) == AlertStep.Repeat)
            {
                same!.Count++;
                same.LastValue = r.Value;
                same.LastBreachAt = now;
                same.HealthyStreak = 0;
                same.ModelVersionLabel = modelVersion;
                same.Version++;
                return same;
            }
            var alert = new MonitoringAlert
            {
                Id = ids.New("alr"),
                SystemId = system.Id,
                SignalId = signal.Id,
                Target = r.Target,
                Kind = WireName.Of(signal.Kind),
                Metric = signal.Metric,
                Severity = signal.Severity,
                State = AlertState.Open,
                Count = 1,
                LastValue = r.Value,
                Threshold = signal.Threshold,
                Comparator = SignalCatalog.Symbol(signal.Comparator),
                ModelVersionLabel = modelVersion,
                OpenedAt = now,
                LastBreachAt = now,
                ActiveKey = ActiveKey(system.Id, signal.Id, r.Target),
                Version = 1,
            };
            db.MonitoringAlerts.Add(alert);
            active.Add(alert);
            await change.RecordAsync(LedgerActions.AlertOpened, new JsonObject
            {
                ["alert_id"] = alert.Id,
                ["signal"] = signal.Id,
                ["target"] = r.Target,
                ["severity"] = WireName.Of(signal.Severity),
                ["metric"] = signal.Metric,
                ["value"] = r.Value,
                ["comparator"] = alert.Comparator,
                ["threshold"] = signal.Threshold,
                ["n"] = r.N,
                ["model_version"] = modelVersion,
                ["plan_version"] = planVersion,
            }, ct);
            AlertDeliveries.Queue(db, ids, system, alert, planVersion, plan, "alert.opened", r.Summary, now);
            return alert;
        }
        if (r.Status == SignalStatus.Ok)
        {
            foreach (var a in mine)
            {
                var step = AlertRules.Next(true, r.Status, a.HealthyStreak, plan.AutoResolveAfter);
                a.HealthyStreak++;
                a.Version++;
                if (step != AlertStep.AutoResolve) continue;
                a.State = AlertState.Resolved;
                a.ResolvedAt = now;
                a.ResolvedBy = Actor.System.Id;
                a.Resolution = $"{a.HealthyStreak} healthy evaluations in a row";
                a.ActiveKey = null;
                await change.RecordAsync(LedgerActions.AlertResolved, new JsonObject
                {
                    ["alert_id"] = a.Id,
                    ["signal"] = a.SignalId,
                    ["target"] = a.Target,
                    ["resolution"] = a.Resolution,
                    ["automatic"] = true,
                }, ct);
                AlertDeliveries.Queue(db, ids, system, a, planVersion, plan, "alert.resolved", r.Summary, now);
            }
        }
        return null;
    }

    internal static string ActiveKey(string systemId, string signalId, string target) => $"{systemId}|{signalId}|{target}";

    private static IncidentSeverity IncidentSeverityOf(AlertSeverity s) => s switch
    {
        AlertSeverity.Critical => IncidentSeverity.Critical,
        AlertSeverity.High => IncidentSeverity.Severe,
        AlertSeverity.Medium => IncidentSeverity.Moderate,
        _ => IncidentSeverity.Minor,
    };

    // The bootstrap is seeded by system and signal: the same window gives the same interval on every instance.
    internal static int Seed(string systemId, string signalId)
    {
        var h = 2166136261u;
        foreach (var c in systemId + "|" + signalId)
            h = (h ^ c) * 16777619u;
        return (int)(h & 0x7FFFFFFF);
    }
}
