using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Sends a test alert to every route of the plan in force, once each, and records the answers in the delivery log. When
/// every route accepted it, the plan version becomes operational (a ledger entry): alert routing is proven, not assumed.
/// </summary>
public sealed class SendTestAlert(AttestDbContext db, GovernedWrites writes, IdGenerator ids, DeliverAlerts deliver)
{
    public async Task<Result<TestDeliveryDto>> ExecuteAsync(string systemIdOrSlug, CallerIdentity caller, CancellationToken ct)
    {
        var queued = await writes.ChangeAsync(caller, Permissions.MonitoringPlanWrite, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var row = await MonitoringPlans.InForceAsync(db, system.Id, ct);
            if (row is null) return Result<(string, int, List<string>)>.NotFound($"AI system '{system.Slug}' has no monitoring plan yet.");
            var plan = MonitoringPlans.Plan(row);
            if (plan.Routes.Count == 0)
                return Result<(string, int, List<string>)>.Conflict($"Version {row.Version} of the monitoring plan of '{system.Slug}' has no route to test; add a webhook or e-mail route.");
            var created = new List<string>();
            for (var i = 0; i < plan.Routes.Count; i++)
            {
                var id = ids.New("dlv");
                var body = CanonicalJson.ToCanonicalString(new JsonObject
                {
                    ["event"] = "test",
                    ["delivery"] = id,
                    ["system"] = system.Slug,
                    ["system_name"] = system.Name,
                    ["signal"] = null,
                    ["value"] = null,
                    ["threshold"] = null,
                    ["alert"] = null,
                    ["plan_version"] = row.Version,
                    ["summary"] = $"Test alert from Attest for the monitoring plan version {row.Version} of {system.Name}.",
                    ["occurred_at"] = change.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
                });
                db.AlertDeliveries.Add(AlertDeliveries.New(id, system.Id, null, row.Version, i, plan.Routes[i], "test", body, change.Now));
                created.Add(id);
            }
            return Result<(string, int, List<string>)>.Ok((system.Slug, row.Version, created));
        }, ct);
        if (!queued.IsOk) return queued.As<TestDeliveryDto>();
        var (slug, version, deliveryIds) = queued.Value;
        var results = new List<AlertDelivery>();
        foreach (var id in deliveryIds)
            if (await deliver.AttemptAsync(id, maxAttempts: 1, ct) is { } d) results.Add(d);
        var operational = results.Count == deliveryIds.Count && results.All(d => d.State == DeliveryState.Delivered);
        var recorded = await writes.ChangeAsync(caller, Permissions.MonitoringPlanWrite, WriteTarget.System(slug), async change =>
        {
            var row = await db.MonitoringPlans.FirstAsync(p => p.SystemId == change.System.Id && p.Version == version, ct);
            if (operational && row.OperationalAt is null) row.OperationalAt = change.Now;
            await change.RecordAsync(LedgerActions.MonitoringPlanTested, new JsonObject
            {
                ["version"] = version,
                ["operational"] = operational,
                ["result"] = operational ? "every route accepted it" : $"{results.Count(d => d.State != DeliveryState.Delivered)} of {deliveryIds.Count} routes failed",
                ["deliveries"] = new JsonArray([.. results.Select(d => (JsonNode)new JsonObject { ["delivery"] = d.Id, ["destination"] = d.Destination, ["status"] = d.LastStatus, ["delivered"] = d.State == DeliveryState.Delivered })]),
            }, ct);
            return Result<TestDeliveryDto>.Ok(new TestDeliveryDto(slug, version, row.OperationalAt is not null, results.Select(DeliveryDto.From).ToList()));
        }, ct);
        return recorded;
    }
}
