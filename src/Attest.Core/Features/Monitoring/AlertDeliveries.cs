using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Engine.Classification;
using Attest.Engine.Ledger;
using Attest.Engine.Signals;

namespace Attest.Core.Features.Monitoring;

/// <summary>Queues one delivery per route of the plan for an alert event; the body is fixed when queued, so every retry signs the same bytes.</summary>
internal static class AlertDeliveries
{
    public static void Queue(AttestDbContext db, IdGenerator ids, AiSystem system, MonitoringAlert alert, int planVersion, MonitoringPlan plan, string @event, string summary, DateTimeOffset now)
    {
        for (var i = 0; i < plan.Routes.Count; i++)
        {
            var id = ids.New("dlv");
            var body = new JsonObject
            {
                ["event"] = @event,
                ["delivery"] = id,
                ["system"] = system.Slug,
                ["system_name"] = system.Name,
                ["signal"] = alert.SignalId,
                ["kind"] = alert.Kind,
                ["metric"] = alert.Metric,
                ["target"] = alert.Target,
                ["value"] = alert.LastValue,
                ["comparator"] = alert.Comparator,
                ["threshold"] = alert.Threshold,
                ["severity"] = WireName.Of(alert.Severity),
                ["alert"] = alert.Id,
                ["alert_state"] = WireName.Of(alert.State),
                ["alert_count"] = alert.Count,
                ["model_version"] = alert.ModelVersionLabel,
                ["summary"] = summary,
                ["occurred_at"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            };
            db.AlertDeliveries.Add(New(id, system.Id, alert.Id, planVersion, i, plan.Routes[i], @event, CanonicalJson.ToCanonicalString(body), now));
        }
    }

    public static AlertDelivery New(string id, string systemId, string? alertId, int planVersion, int routeIndex, MonitoringRoute route, string @event, string body, DateTimeOffset now) => new()
    {
        Id = id,
        SystemId = systemId,
        AlertId = alertId,
        PlanVersion = planVersion,
        RouteIndex = routeIndex,
        RouteKind = route.Kind,
        Destination = route.Url ?? route.To ?? "",
        Event = @event,
        Body = body,
        State = DeliveryState.Pending,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
