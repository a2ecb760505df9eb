using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Saves a new version of a system's monitoring plan (YAML or JSON, format attest.monitoring-plan/v1); the newest version is
/// in force at once, and its signals are scheduled from now. Every version is a ledger entry (with the plan's SHA-256;
/// secrets are never written to the ledger). A plan is operational only after a test delivery reached every route. A
/// webhook into this machine or a private network is refused unless its host is allowed (<see cref="Engine.Signals.WebhookTargets"/>).
/// </summary>
public sealed class SaveMonitoringPlan(AttestDbContext db, GovernedWrites writes, IdGenerator ids, MonitoringSettings settings, RouteSecrets secrets)
{
    public const int MaxDocumentLength = 256 * 1024;

    public async Task<Result<SavedPlanDto>> ExecuteAsync(string systemIdOrSlug, string text, bool yaml, string source, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentLength)
            return Result<SavedPlanDto>.Invalid("body", $"a plan is at most {MaxDocumentLength} characters, got {text.Length}");
        return await writes.ChangeAsync(caller, Permissions.MonitoringPlanWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var errors = new List<DataError>();
            var read = MonitoringPlanReader.Read(text, source, yaml, await MonitoringPlans.VocabularyAsync(db, system.Id, ct), errors,
                hostRefusal: host => Engine.Signals.WebhookTargets.RefusalOfHost(host, settings.AllowedWebhookHosts));
            if (read is null)
                return Result<SavedPlanDto>.Invalid(errors
                    .GroupBy(e => e.Path.Length == 0 ? "body" : e.Path, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Line is { } line ? $"{e.File}:{line}: {e.Message}" : $"{e.File}: {e.Message}").ToArray()));
            var plan = read.Plan;
            var document = CanonicalJson.ToCanonicalString(MonitoringPlanReader.ToJson(plan));
            var sha = LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(document));
            var latest = await db.MonitoringPlans.Where(p => p.SystemId == system.Id).MaxAsync(p => (int?)p.Version, ct) ?? 0;
            var row = new MonitoringPlanVersion
            {
                Id = ids.New("mpl"),
                SystemId = system.Id,
                Version = latest + 1,
                DocumentJson = document,
                Sha256 = sha,
                SecretsJson = secrets.Protect(system.Id, read.Secrets),
                SourceFormat = yaml ? "yaml" : "json",
                CreatedBy = change.Actor.Id,
                CreatedAt = change.Now,
            };
            db.MonitoringPlans.Add(row);

            // The schedule follows the plan in force: signals it no longer has stop, new ones are due now, kept ones keep their slot.
            var schedule = await db.MonitoringSchedule.Where(s => s.SystemId == system.Id).ToListAsync(ct);
            foreach (var gone in schedule.Where(s => plan.Signals.All(p => p.Id != s.SignalId)))
                db.MonitoringSchedule.Remove(gone);
            foreach (var signal in plan.Signals)
            {
                var slot = schedule.FirstOrDefault(s => s.SignalId == signal.Id);
                if (slot is null)
                    db.MonitoringSchedule.Add(new MonitoringSchedule { SystemId = system.Id, SignalId = signal.Id, PlanVersion = row.Version, NextDueAt = change.Now });
                else
                {
                    slot.PlanVersion = row.Version;
                    if (slot.NextDueAt > change.Now + signal.Every) slot.NextDueAt = change.Now + signal.Every;
                }
            }
            await change.RecordAsync(LedgerActions.MonitoringPlanSaved, new JsonObject
            {
                ["plan_id"] = row.Id,
                ["version"] = row.Version,
                ["sha256"] = sha,
                ["signals"] = new JsonArray([.. plan.Signals.Select(s => (JsonNode)s.Id)]),
                ["signal_count"] = plan.Signals.Count,
                ["route_count"] = plan.Routes.Count,
                ["routes"] = new JsonArray([.. plan.Routes.Select(r => (JsonNode)(r.Url ?? r.To ?? ""))]),
            }, ct);
            row.LedgerSeq = Oversight.PendingLedger.LastSeq(db);
            return Result<SavedPlanDto>.Ok(new SavedPlanDto(row.Version, sha, plan.Signals.Count, plan.Routes.Count));
        }, ct);
    }
}
