using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>A corrective action of a post-incident review: a tracked action with an owner and a due day.</summary>
public sealed record CorrectiveActionInput
{
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public DateOnly? DueOn { get; init; }
    /// <summary>general (default) or control_change: then <see cref="Control"/> proposes the new or changed control.</summary>
    public TrackedActionKind? Kind { get; init; }
    public ProposedControlInput? Control { get; init; }
}

/// <summary>
/// A new or changed control for the organisation's library. An existing id changes that control everywhere it is required;
/// a new id adds a control that the incident's system requires (or every classified system, with <c>scope: all</c>).
/// </summary>
public sealed record ProposedControlInput
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Objective { get; init; }
    public IReadOnlyList<string>? Evidence { get; init; }
    public int? RenewalMonths { get; init; }
    public IReadOnlyList<string>? Mappings { get; init; }
    /// <summary>For a new control: <c>system</c> (the incident's system, default) or <c>all</c>.</summary>
    public string? Scope { get; init; }
}

public sealed record IncidentReviewInput
{
    /// <summary>A root-cause category of the taxonomy.</summary>
    public string? RootCause { get; init; }
    /// <summary>Which governance control failed or was missing, in words.</summary>
    public string? GovernanceGap { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<CorrectiveActionInput>? CorrectiveActions { get; init; }
}

/// <summary>
/// Records an incident's post-incident review: root cause (taxonomy), governance gap, summary and corrective actions, each
/// a tracked action with owner and due day (a <c>control_change</c> action carries its proposed control, checked now,
/// written to the library when a governance lead completes it). Recorded once; a severe or critical incident closes only after it.
/// </summary>
public sealed class ReviewIncident(AttestDbContext db, GovernedWrites writes, IncidentData data, IdGenerator ids, Compliance.ComplianceData compliance)
{
    public const int MaxActions = 20;

    public async Task<Result<IncidentDto>> ExecuteAsync(string incidentId, IncidentReviewInput input, int? expectedVersion, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        errors.Required("root_cause", input.RootCause);
        if (input.RootCause is not null && data.RootCause(input.RootCause) is null)
            errors.Add("root_cause", $"must be one of {string.Join(" | ", data.RootCauses.Select(c => c.Id))}");
        errors.Required("governance_gap", input.GovernanceGap);
        errors.MaxLength("governance_gap", input.GovernanceGap, ReportIncident.MaxTextLength);
        errors.MaxLength("summary", input.Summary, ReportIncident.MaxTextLength);
        var actions = input.CorrectiveActions ?? [];
        if (actions.Count > MaxActions)
            errors.Add("corrective_actions", $"at most {MaxActions} actions");
        var proposals = new Dictionary<int, string>();
        for (var i = 0; i < Math.Min(actions.Count, MaxActions); i++)
        {
            var a = actions[i];
            var path = $"corrective_actions[{i}]";
            if (a is null)
            {
                errors.Add(path, "is required");
                continue;
            }
            errors.Required(path + ".description", a.Description);
            errors.MaxLength(path + ".description", a.Description, ReportIncident.MaxTextLength);
            errors.Required(path + ".owner", a.Owner);
            errors.MaxLength(path + ".owner", a.Owner, ReportIncident.MaxOwnerLength);
            if (a.DueOn is null)
                errors.Add(path + ".due_on", "is required (a date, YYYY-MM-DD)");
            if (a.Kind == TrackedActionKind.ControlChange)
            {
                if (a.Control is null)
                    errors.Add(path + ".control", "is required for a control_change: the proposed control");
                else if (ProposedControls.Check(a.Control, path + ".control", compliance, errors) is { } json)
                    proposals[i] = json;
            }
            else if (a.Control is not null)
            {
                errors.Add(path + ".control", "only a control_change action carries a control");
            }
        }
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsReview,
            WriteTarget.SystemOf(db.Incidents.Where(x => x.Id == incidentId).Select(x => x.SystemId), $"No incident '{incidentId}'."), async change =>
        {
            var incident = await db.Incidents.FirstAsync(x => x.Id == incidentId, ct);
            if (expectedVersion is { } expected && expected != incident.Version)
                return Result<IncidentDto>.PreconditionFailed($"Incident {incident.Id} is at version {incident.Version}, not {expected}: read it again and retry.");
            if (incident.RootCause is not null)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} already has its post-incident review (by {incident.ReviewedBy}).");
            if (incident.Status == IncidentStatus.Closed)
                return Result<IncidentDto>.Conflict($"Incident {incident.Id} is closed; the review is recorded before closing.");
            incident.RootCause = input.RootCause;
            incident.GovernanceGap = input.GovernanceGap!.Trim();
            incident.ReviewSummary = string.IsNullOrWhiteSpace(input.Summary) ? null : input.Summary.Trim();
            incident.ReviewedBy = change.Actor.Id;
            incident.ReviewedAt = change.Now;
            var created = new JsonArray();
            for (var i = 0; i < actions.Count; i++)
            {
                var a = actions[i];
                var action = new TrackedAction
                {
                    Id = ids.New("act"),
                    SystemId = incident.SystemId,
                    IncidentId = incident.Id,
                    Sequence = i,
                    Description = a.Description!.Trim(),
                    Owner = a.Owner!.Trim(),
                    DueOn = a.DueOn!.Value,
                    Status = TrackedActionStatus.Open,
                    Kind = a.Kind ?? TrackedActionKind.General,
                    ProposedControlJson = proposals.GetValueOrDefault(i),
                    CreatedAt = change.Now,
                    CreatedBy = change.Actor.Id,
                    Version = 1,
                };
                db.Actions.Add(action);
                created.Add(new JsonObject
                {
                    ["action_id"] = action.Id,
                    ["kind"] = Engine.Classification.WireName.Of(action.Kind),
                    ["description"] = action.Description,
                    ["owner"] = action.Owner,
                    ["due_on"] = action.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["control"] = action.ProposedControlJson is null ? null : JsonNode.Parse(action.ProposedControlJson),
                });
            }
            incident.Version++;
            await change.RecordAsync(LedgerActions.IncidentReviewed, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["root_cause"] = incident.RootCause,
                ["governance_gap"] = incident.GovernanceGap,
                ["summary"] = incident.ReviewSummary,
                ["corrective_actions"] = created,
                ["version"] = incident.Version,
            }, ct);
            await change.FlushAsync(ct);
            return Result<IncidentDto>.Ok(await IncidentViews.ToDtoAsync(db, data, change.Now, incident, ct));
        }, ct);
    }
}
