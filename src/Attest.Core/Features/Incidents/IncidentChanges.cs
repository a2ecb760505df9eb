using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;

namespace Attest.Core.Features.Incidents;

/// <summary>Changes several incident use cases share: a status move with its timestamps, and marking an obligation met.</summary>
internal static class IncidentChanges
{
    /// <summary>The internal obligations a workflow step fulfils: triaging is the triage, containing is the containment plan.</summary>
    private static string? ObligationOf(IncidentStatus status) => status switch
    {
        IncidentStatus.Triaged => "triage",
        IncidentStatus.Contained => "containment_plan",
        _ => null,
    };

    public static async Task MoveAsync(Incident incident, IncidentStatus to, string? note, GovernedChange change, CancellationToken ct)
    {
        var from = incident.Status;
        var now = change.Now;
        incident.Status = to;
        switch (to)
        {
            case IncidentStatus.Triaged: incident.TriagedAt = now; break;
            case IncidentStatus.Contained: incident.ContainedAt = now; break;
            case IncidentStatus.Resolved: incident.ResolvedAt = now; break;
        }
        if (to != IncidentStatus.Closed)
        {
            await change.RecordAsync(LedgerActions.IncidentStatusChanged, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["from"] = WireName.Of(from),
                ["to"] = WireName.Of(to),
                ["note"] = note,
                ["version"] = incident.Version + 1,
            }, ct);
        }
        if (ObligationOf(to) is { } obligation)
            await MarkMetAsync(incident, ClockRegime.Internal, obligation, now, $"incident {WireName.Of(to)}", change, ct);
    }

    /// <summary>Records an obligation as met unless it already is (the first time stands); an alert on it being overdue is resolved.</summary>
    public static async Task<bool> MarkMetAsync(Incident incident, ClockRegime regime, string obligation, DateTimeOffset metAt, string? note, GovernedChange change, CancellationToken ct)
    {
        if (IncidentViews.Met(incident).ContainsKey((regime, obligation)))
            return false;
        var at = metAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        incident.ObligationsJson = IncidentViews.Append(incident.ObligationsJson, new JsonObject
        {
            ["regime"] = WireName.Of(regime),
            ["obligation"] = obligation,
            ["met_at"] = at,
            ["by"] = change.Actor.Id,
            ["note"] = note,
        });
        await change.RecordAsync(LedgerActions.IncidentObligationMet, new JsonObject
        {
            ["incident_id"] = incident.Id,
            ["regime"] = WireName.Of(regime),
            ["obligation"] = obligation,
            ["met_at"] = at,
            ["note"] = note,
        }, ct);
        await Monitoring.DeadlineAlerts.ResolveAsync(change, change.Path.Db, change.Path.Ids, incident, regime, obligation, metAt, ct);
        return true;
    }
}
