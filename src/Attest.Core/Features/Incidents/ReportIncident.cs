using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Incidents;

/// <summary>Reports an incident of a system (optionally of one model version); it is open until closed with a resolution.</summary>
public sealed class ReportIncident(AttestDbContext db, GovernedWrites writes, TimeProvider time, IdGenerator ids)
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;

    public async Task<Result<IncidentDto>> ExecuteAsync(string systemIdOrSlug, IncidentInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        errors.Required("title", input.Title);
        errors.MaxLength("title", input.Title, MaxTitleLength);
        errors.MaxLength("description", input.Description, MaxTextLength);
        if (input.Severity is null)
            errors.Add("severity", $"is required: one of {SnakeCase.Allowed<IncidentSeverity>()}");
        if (input.OccurredAt > now)
            errors.Add("occurred_at", $"must not be in the future (now is {now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})");
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsReport, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<IncidentDto>(db, system, input.ModelVersion, "model_version", ct);
            if (error is not null)
                return error;
            var incident = new Incident
            {
                Id = ids.New("inc"),
                SystemId = system.Id,
                ModelVersionId = version?.Id,
                ModelVersionLabel = version?.Label,
                Title = input.Title!.Trim(),
                Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim(),
                Severity = input.Severity!.Value,
                Status = IncidentStatus.Open,
                OccurredAt = (input.OccurredAt ?? now).ToUniversalTime(),
                ReportedBy = change.Actor.Id,
                ReportedAt = now,
                Version = 1,
            };
            db.Incidents.Add(incident);
            await change.RecordAsync(LedgerActions.IncidentReported, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["model_version"] = incident.ModelVersionLabel,
                ["title"] = incident.Title,
                ["description"] = incident.Description,
                ["severity"] = WireName.Of(incident.Severity),
                ["occurred_at"] = incident.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            }, ct);
            return Result<IncidentDto>.Ok(IncidentDto.From(incident));
        }, ct);
    }
}
