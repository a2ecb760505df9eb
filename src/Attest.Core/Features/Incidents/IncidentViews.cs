using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Classification;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>An incident as callers see it: its facts, its deadlines (from the clock rules), containment, review, repeat findings.</summary>
public static class IncidentViews
{
    public static bool IsHighRisk(AiSystem system) =>
        system.EuAiActClass == SystemClassColumns.ClassColumn(EuAiActClass.HighRisk);

    public static async Task<IncidentDto> ToDtoAsync(AttestDbContext db, IncidentData data, DateTimeOffset now, Incident incident, CancellationToken ct)
    {
        var system = await db.Systems.AsNoTracking().FirstAsync(s => s.Id == incident.SystemId, ct);
        var repeats = await RepeatsAsync(db, [incident], ct);
        var actions = await db.Actions.AsNoTracking().Where(a => a.IncidentId == incident.Id).OrderBy(a => a.Sequence).Select(a => a.Id).ToListAsync(ct);
        return ToDto(incident, system, data, now, repeats.GetValueOrDefault(incident.Id) ?? [], actions);
    }

    public static IncidentDto ToDto(Incident i, AiSystem system, IncidentData data, DateTimeOffset now, IReadOnlyList<string> repeatOf, IReadOnlyList<string> actions)
    {
        var category = data.Category(i.Category);
        var highRisk = IsHighRisk(system);
        return new IncidentDto(i.Id, i.SystemId, i.ModelVersionId, i.ModelVersionLabel, i.Title, i.Description, i.Severity, i.Status, i.OccurredAt,
            i.ReportedBy, i.ReportedAt, i.Resolution, i.ClosedBy, i.ClosedAt, i.Version)
        {
            Category = i.Category,
            CategoryName = category?.Name ?? i.Category,
            OecdHarmTypes = category?.OecdHarmTypes ?? [],
            AwareAt = i.AwareAt,
            Owner = i.Owner,
            Serious = i.Serious,
            WidespreadInfringement = i.WidespreadInfringement,
            PersonalDataBreach = i.PersonalDataBreach,
            HighRisk = highRisk,
            TriagedAt = i.TriagedAt,
            ContainedAt = i.ContainedAt,
            ResolvedAt = i.ResolvedAt,
            Deadlines = Deadlines(i, highRisk, data).Select(d => new IncidentDeadlineDto(d.Regime, d.Obligation, d.Label, d.Citation, d.Period.ToString(),
                d.DueAt, d.LastDayEndsAt, d.MetAt, d.StateAt(now), Math.Round((d.DueAt - now).TotalHours, 2))).ToArray(),
            Containment = Containment(i),
            Review = i.RootCause is null ? null : new IncidentReviewDto(i.RootCause, data.RootCause(i.RootCause)?.Name ?? i.RootCause, i.GovernanceGap ?? "",
                i.ReviewSummary, i.ReviewedBy ?? "", i.ReviewedAt ?? i.ReportedAt, actions),
            RepeatOf = repeatOf,
            NextStatuses = IncidentWorkflow.Next(i.Status, i.Severity, i.RootCause is not null),
        };
    }

    public static IReadOnlyList<IncidentDeadline> Deadlines(Incident i, bool highRisk, IncidentData data) =>
        IncidentClocks.Compute(new IncidentClockFacts(i.AwareAt, highRisk, i.Serious, i.WidespreadInfringement, i.PersonalDataBreach), data.Rules, data.TimeZone, Met(i));

    public static Dictionary<(ClockRegime Regime, string Obligation), DateTimeOffset> Met(Incident i)
    {
        var met = new Dictionary<(ClockRegime, string), DateTimeOffset>();
        foreach (var node in JsonNode.Parse(i.ObligationsJson)!.AsArray())
        {
            if (WireName.TryParse<ClockRegime>(node!["regime"]!.GetValue<string>(), out var regime))
                met[(regime, node["obligation"]!.GetValue<string>())] = DateTimeOffset.Parse(node["met_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return met;
    }

    public static IReadOnlyList<ContainmentStepDto> Containment(Incident i) =>
        JsonNode.Parse(i.ContainmentJson)!.AsArray().Select(n => new ContainmentStepDto(n!["kind"]!.GetValue<string>(), n["detail"]!.GetValue<string>(),
            DateTimeOffset.Parse(n["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), n["by"]!.GetValue<string>())).ToArray();

    /// <summary>Appends an entry to one of the incident's JSON lists.</summary>
    public static string Append(string json, JsonObject entry)
    {
        var list = JsonNode.Parse(json)!.AsArray();
        list.Add(entry);
        return list.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>
    /// Repeat findings of the given incidents: reviewed incidents of other systems with the same root cause within 12
    /// months (Engine <see cref="RepeatFindings"/>). Reads every reviewed incident in the window, across systems — a
    /// repeat is a fact about the organisation, so it is shown even to a caller who reads one system only (as ids).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RepeatsAsync(AttestDbContext db, IReadOnlyList<Incident> incidents, CancellationToken ct)
    {
        var causes = incidents.Where(i => i.RootCause is not null).Select(i => i.RootCause!).Distinct().ToList();
        if (causes.Count == 0)
            return new Dictionary<string, IReadOnlyList<string>>();
        var reviewed = await db.Incidents.AsNoTracking().Where(i => i.RootCause != null && causes.Contains(i.RootCause))
            .Select(i => new { i.Id, i.SystemId, i.RootCause, i.OccurredAt }).ToListAsync(ct);
        var findings = reviewed.Select(r => new RootCauseFinding(r.Id, r.SystemId, r.RootCause!, r.OccurredAt))
            .Concat(incidents.Where(i => i.RootCause is not null && reviewed.All(r => r.Id != i.Id)).Select(i => new RootCauseFinding(i.Id, i.SystemId, i.RootCause!, i.OccurredAt)))
            .ToArray();
        return RepeatFindings.Flag(findings);
    }
}
