using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// Sets where a system stands on one of its required controls. A control the library does not have is
/// not found; a control the system's classification does not require is refused.
/// </summary>
public sealed class SetControlStatus(AttestDbContext db, GovernedWrites writes, ComplianceData data)
{
    public const int MaxNoteLength = 4000;

    public async Task<Result<SystemControlDto>> ExecuteAsync(string idOrSlug, string controlId, ControlStatusInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Status is null)
            errors.Add("status", $"is required: one of {string.Join(", ", WireName.All<ControlStatus>().Where(n => n != "stale"))}");
        else if (input.Status == ControlStatus.Stale)
            errors.Add("status", "stale is set by evidence freshness, not by hand");
        errors.MaxLength("note", input.Note, MaxNoteLength);
        if (errors.Any)
            return errors.ToResult<SystemControlDto>();

        return await writes.ChangeAsync(caller, Permissions.ControlsWrite, WriteTarget.System(idOrSlug), async change =>
        {
            var system = change.System;
            var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
            var control = overlay.Library.Controls.FirstOrDefault(c => c.Id == controlId);
            if (control is null)
                return Result<SystemControlDto>.NotFound($"No control '{controlId}' in the control library.");
            var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
            if (latest is null)
                return Result<SystemControlDto>.Conflict($"AI system '{system.Slug}' has no classification yet, so it requires no controls: answer its intake first.");
            if (!latest.IsComplete)
                return Result<SystemControlDto>.Conflict(ClassificationRecords.NotReady(system, latest)!);
            if (overlay.Required(system.Id, latest).All(c => c.Id != controlId))
                return Result<SystemControlDto>.Conflict($"AI system '{system.Slug}' does not require control {controlId} under its current classification.");

            var now = change.Now;
            var row = await db.ControlStatuses.FirstOrDefaultAsync(s => s.SystemId == system.Id && s.ControlId == controlId, ct);
            var previous = row?.Status ?? ControlStatus.NotStarted;
            if (expectedVersion is { } expected && expected != (row?.Version ?? 0))
                return Result<SystemControlDto>.PreconditionFailed($"Control {controlId} of '{system.Slug}' is at version {row?.Version ?? 0}, not {expected}: read it again and retry.");
            if (row is null)
            {
                row = new SystemControlStatus { SystemId = system.Id, ControlId = controlId, UpdatedBy = change.Actor.Id };
                db.ControlStatuses.Add(row);
            }
            row.Status = input.Status!.Value;
            row.Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            row.UpdatedBy = change.Actor.Id;
            row.UpdatedAt = now;
            row.Version++;
            await change.RecordAsync(LedgerActions.ControlStatusChanged, new JsonObject
            {
                ["control_id"] = controlId,
                ["from"] = WireName.Of(previous),
                ["to"] = WireName.Of(row.Status),
                ["note"] = row.Note,
                ["version"] = row.Version,
            }, ct);
            return Result<SystemControlDto>.Ok(new SystemControlDto(control.Id, control.Title, control.Objective, control.Group.Title,
                control.EvidenceTypes, control.RenewalMonths, row.Status, row.Note, row.UpdatedBy, row.UpdatedAt, row.Version,
                ControlViews.Requirements(control, overlay.Library)));
        }, ct);
    }
}
