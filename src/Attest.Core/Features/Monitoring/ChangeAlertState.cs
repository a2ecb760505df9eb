using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>Acknowledges an open alert (someone is on it): a repeat keeps counting on it; it stays until resolved.</summary>
public sealed class AcknowledgeAlert(AttestDbContext db, GovernedWrites writes)
{
    public Task<Result<AlertDto>> ExecuteAsync(string id, AlertActionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct) =>
        AlertMoves.MoveAsync(db, writes, id, AlertState.Acknowledged, input, expectedVersion, caller, ct);
}

/// <summary>Resolves an open or acknowledged alert with a note; the next breach opens a new alert.</summary>
public sealed class ResolveAlert(AttestDbContext db, GovernedWrites writes)
{
    public Task<Result<AlertDto>> ExecuteAsync(string id, AlertActionInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct) =>
        AlertMoves.MoveAsync(db, writes, id, AlertState.Resolved, input, expectedVersion, caller, ct);
}

internal static class AlertMoves
{
    public const int MaxNoteLength = 4000;

    public static async Task<Result<AlertDto>> MoveAsync(AttestDbContext db, GovernedWrites writes, string id, AlertState to, AlertActionInput input, int? expectedVersion,
        CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Note is { Length: > MaxNoteLength })
            return Result<AlertDto>.Invalid("note", $"must be at most {MaxNoteLength} characters");
        return await writes.ChangeAsync(caller, Permissions.AlertsManage,
            WriteTarget.SystemOf(db.MonitoringAlerts.Where(a => a.Id == id).Select(a => a.SystemId), $"No alert '{id}'."), async change =>
        {
            var alert = await db.MonitoringAlerts.FirstAsync(a => a.Id == id, ct);
            if (expectedVersion is { } v && v != alert.Version)
                return Result<AlertDto>.PreconditionFailed($"Alert {id} is at version {alert.Version}, not {v}; read it again and retry.");
            if (!AlertRules.CanMove(alert.State, to))
                return Result<AlertDto>.Conflict($"Alert {id} is {WireName.Of(alert.State)}; it cannot become {WireName.Of(to)}.");
            alert.State = to;
            alert.Version++;
            if (to == AlertState.Acknowledged)
            {
                alert.AcknowledgedAt = change.Now;
                alert.AcknowledgedBy = change.Actor.Id;
            }
            else
            {
                alert.ResolvedAt = change.Now;
                alert.ResolvedBy = change.Actor.Id;
                alert.Resolution = string.IsNullOrWhiteSpace(input.Note) ? "resolved by hand" : input.Note.Trim();
                alert.ActiveKey = null;
            }
            await change.RecordAsync(to == AlertState.Acknowledged ? LedgerActions.AlertAcknowledged : LedgerActions.AlertResolved, new JsonObject
            {
                ["alert_id"] = alert.Id,
                ["signal"] = alert.SignalId,
                ["target"] = alert.Target,
                ["note"] = input.Note,
                ["resolution"] = alert.Resolution,
            }, ct);
            return Result<AlertDto>.Ok(AlertDto.From(alert, change.System.Slug));
        }, ct);
    }
}
