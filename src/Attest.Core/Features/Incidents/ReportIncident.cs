using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// Reports an incident of a system (optionally of one model version), with its category, severity, when it happened and
/// when the organisation became aware of it, and the facts the legal clocks run on. Monitoring opens incidents through
/// this use case too (a system, a title, a severity, a category).
/// </summary>
public sealed class ReportIncident(AttestDbContext db, GovernedWrites writes, TimeProvider time, IdGenerator ids, IncidentData data)
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxOwnerLength = 200;

    public async Task<Result<IncidentDto>> ExecuteAsync(string systemIdOrSlug, IncidentInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        errors.Required("title", input.Title);
        errors.MaxLength("title", input.Title, MaxTitleLength);
        errors.MaxLength("description", input.Description, MaxTextLength);
        errors.MaxLength("owner", input.Owner, MaxOwnerLength);
        if (input.Severity is null)
            errors.Add("severity", $"is required: one of {SnakeCase.Allowed<Engine.Gates.IncidentSeverity>()}");
        if (input.Category is not null && data.Category(input.Category) is null)
            errors.Add("category", $"must be one of {string.Join(" | ", data.Categories.Select(c => c.Id))}");
        var stamp = Stamp(now);
        if (input.OccurredAt > now)
            errors.Add("occurred_at", $"must not be in the future (now is {stamp})");
        if (input.AwareAt > now)
            errors.Add("aware_at", $"must not be in the future (now is {stamp})");
        else if (input.AwareAt is { } aware && input.OccurredAt is { } occurred && aware < occurred)
            errors.Add("aware_at", $"must not be before occurred_at ({Stamp(occurred)})");
        if (errors.Any)
            return errors.ToResult<IncidentDto>();

        return await writes.ChangeAsync(caller, Permissions.IncidentsReport, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<IncidentDto>(db, system, input.ModelVersion, "model_version", ct);
            if (error is not null)
                return error;
            var awareAt = (input.AwareAt ?? now).ToUniversalTime();
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
                Category = input.Category ?? "other",
                OccurredAt = (input.OccurredAt ?? awareAt).ToUniversalTime(),
                AwareAt = awareAt,
                Owner = string.IsNullOrWhiteSpace(input.Owner) ? null : input.Owner.Trim(),
                Serious = input.Serious,
                WidespreadInfringement = input.WidespreadInfringement ?? false,
                PersonalDataBreach = input.PersonalDataBreach ?? false,
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
                ["category"] = incident.Category,
                ["occurred_at"] = incident.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                ["aware_at"] = incident.AwareAt.ToString("O", CultureInfo.InvariantCulture),
                ["owner"] = incident.Owner,
                ["serious"] = incident.Serious is { } s ? WireName.Of(s) : null,
                ["widespread_infringement"] = incident.WidespreadInfringement,
                ["personal_data_breach"] = incident.PersonalDataBreach,
            }, ct);
            return Result<IncidentDto>.Ok(IncidentViews.ToDto(incident, system, data, now, [], []));
        }, ct);
    }

    internal static string Stamp(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
