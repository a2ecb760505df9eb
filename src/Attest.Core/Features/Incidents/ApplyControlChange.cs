using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// Writes the control a completed <c>control_change</c> action proposed as the next version of that control in the
/// organisation's library (<see cref="OrgControlVersion"/>), with its ledger entry, inside the completion's change.
/// </summary>
internal static class ApplyControlChange
{
    public static async Task ApplyAsync(AttestDbContext db, IdGenerator ids, TrackedAction action, GovernedChange change, CancellationToken ct)
    {
        var json = action.ProposedControlJson ?? throw new InvalidDataException($"Action {action.Id} is a control change without a proposed control.");
        var node = JsonNode.Parse(json)!;
        var controlId = node["id"]!.GetValue<string>();
        var version = await db.OrgControlVersions.Where(v => v.ControlId == controlId).Select(v => (int?)v.Version).MaxAsync(ct) ?? 0;
        var row = new OrgControlVersion
        {
            Id = ids.New("ctlv"),
            ControlId = controlId,
            Version = version + 1,
            ControlJson = json,
            ScopeSystemId = node["scope"]?.GetValue<string>() == "system" ? action.SystemId : null,
            IncidentId = action.IncidentId ?? "",
            ActionId = action.Id,
            CreatedBy = change.Actor.Id,
            CreatedAt = change.Now,
        };
        db.OrgControlVersions.Add(row);
        await change.RecordAsync(LedgerActions.ControlChangeApplied, new JsonObject
        {
            ["control_id"] = controlId,
            ["version"] = row.Version,
            ["incident_id"] = row.IncidentId,
            ["action_id"] = action.Id,
            ["scope"] = row.ScopeSystemId is null ? (node["changes_existing"]!.GetValue<bool>() ? "library" : "all") : "system",
            ["control"] = node.DeepClone(),
        }, ct);
    }
}
