using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

public enum IncidentReportFormat { Markdown, Html, Json }

/// <summary>A rendered report: its text, media type and a file name.</summary>
public sealed record IncidentReportFile(string Content, string MediaType, string FileName);

/// <summary>
/// The incident report an authority asks for (EU AI Act Art 73: who reports, which system, what happened and when, the
/// harm, when the provider became aware, what was done to contain it, the investigation and corrective actions; initial
/// until the post-incident review is recorded, complete after), as Markdown, HTML or JSON — and stored as evidence
/// (<c>incident_report</c>) with a ledger entry.
/// </summary>
public sealed class ExportIncidentReport(AttestDbContext db, IncidentData data, TimeProvider time, AddEvidence add)
{
    public const string EvidenceType = "incident_report";

    public async Task<Result<IncidentReportFile>> RenderAsync(string incidentId, IncidentReportFormat format, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
            return Result<IncidentReportFile>.NotFound($"No incident '{incidentId}'.");
        var now = time.GetUtcNow();
        var system = await db.Systems.AsNoTracking().FirstAsync(s => s.Id == incident.SystemId, ct);
        var dto = await IncidentViews.ToDtoAsync(db, data, now, incident, ct);
        var actions = await db.Actions.AsNoTracking().Where(a => a.IncidentId == incident.Id).OrderBy(a => a.Sequence).ToListAsync(ct);
        var report = Build(dto, system, actions, now);
        var name = $"incident-report-{incident.Id}";
        return Result<IncidentReportFile>.Ok(format switch
        {
            IncidentReportFormat.Json => new IncidentReportFile(report.ToJsonString(AttestJson.Indented), "application/json", name + ".json"),
            IncidentReportFormat.Html => new IncidentReportFile(Html(report), "text/html; charset=utf-8", name + ".html"),
            _ => new IncidentReportFile(Markdown(report), "text/markdown; charset=utf-8", name + ".md"),
        });
    }

    /// <summary>Renders the report and stores it as evidence of the incident's system, with the export on the ledger.</summary>
    public async Task<Result<EvidenceDto>> StoreAsync(string incidentId, IncidentReportFormat format, CallerIdentity caller, CancellationToken ct)
    {
        var rendered = await RenderAsync(incidentId, format, ct);
        if (!rendered.IsOk)
            return rendered.As<EvidenceDto>();
        var file = rendered.Value!;
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == incidentId, ct);
        var content = Encoding.UTF8.GetBytes(file.Content);
        return await add.ExecuteAsync(incident.SystemId, new EvidenceInput
        {
            Type = EvidenceType,
            Summary = $"Incident report of {incident.Id}: {incident.Title}",
            Method = "upload",
            FileName = file.FileName,
            MediaType = file.MediaType.Split(';')[0],
            ModelVersions = incident.ModelVersionId is null ? null : [incident.ModelVersionId],
        }, new MemoryStream(content, writable: false), caller, async (change, item) =>
        {
            await change.RecordAsync(LedgerActions.IncidentReportExported, new JsonObject
            {
                ["incident_id"] = incident.Id,
                ["evidence_id"] = item.Id,
                ["format"] = WireName.Of(format),
                ["sha256"] = item.Sha256,
            }, ct);
            return null;
        }, ct);
    }

    private static JsonObject Build(IncidentDto i, AiSystem system, IReadOnlyList<TrackedAction> actions, DateTimeOffset now)
    {
        static string? T(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["format"] = "attest.incident-report/v1",
            ["report_type"] = i.Review is null ? "initial" : "complete",
            ["generated_at"] = T(now),
            ["incident"] = new JsonObject
            {
                ["id"] = i.Id,
                ["title"] = i.Title,
                ["description"] = i.Description,
                ["category"] = i.Category,
                ["category_name"] = i.CategoryName,
                ["oecd_harm_types"] = new JsonArray([.. i.OecdHarmTypes.Select(h => (JsonNode?)JsonValue.Create(h))]),
                ["severity"] = WireName.Of(i.Severity),
                ["status"] = WireName.Of(i.Status),
                ["serious"] = i.Serious is { } s ? WireName.Of(s) : null,
                ["widespread_infringement"] = i.WidespreadInfringement,
                ["personal_data_breach"] = i.PersonalDataBreach,
                ["owner"] = i.Owner,
            },
            ["ai_system"] = new JsonObject
            {
                ["id"] = system.Id,
                ["slug"] = system.Slug,
                ["name"] = system.Name,
                ["purpose"] = system.Purpose,
                ["eu_ai_act_class"] = system.EuAiActClass,
                ["model_version"] = i.ModelVersion,
                ["jurisdictions"] = new JsonArray([.. system.Jurisdictions.Select(j => (JsonNode?)JsonValue.Create(j))]),
                ["business_owner"] = system.BusinessOwner,
                ["technical_owner"] = system.TechnicalOwner,
            },
            ["timeline"] = new JsonObject
            {
                ["occurred_at"] = T(i.OccurredAt),
                ["aware_at"] = T(i.AwareAt),
                ["reported_at"] = T(i.ReportedAt),
                ["reported_by"] = i.ReportedBy,
                ["triaged_at"] = T(i.TriagedAt),
                ["contained_at"] = T(i.ContainedAt),
                ["resolved_at"] = T(i.ResolvedAt),
                ["closed_at"] = T(i.ClosedAt),
            },
            ["deadlines"] = new JsonArray([.. i.Deadlines.Select(d => (JsonNode?)new JsonObject
            {
                ["regime"] = WireName.Of(d.Regime),
                ["obligation"] = d.Obligation,
                ["label"] = d.Label,
                ["citation"] = d.Citation,
                ["due_at"] = T(d.DueAt),
                ["last_day_ends_at"] = T(d.LastDayEndsAt),
                ["met_at"] = T(d.MetAt),
                ["state"] = WireName.Of(d.State),
            })]),
            ["containment"] = new JsonArray([.. i.Containment.Select(c => (JsonNode?)new JsonObject { ["kind"] = c.Kind, ["detail"] = c.Detail, ["at"] = T(c.At), ["by"] = c.By })]),
            ["investigation"] = i.Review is null ? null : new JsonObject
            {
                ["root_cause"] = i.Review.RootCause,
                ["root_cause_name"] = i.Review.RootCauseName,
                ["governance_gap"] = i.Review.GovernanceGap,
                ["summary"] = i.Review.Summary,
                ["reviewed_by"] = i.Review.ReviewedBy,
                ["reviewed_at"] = T(i.Review.ReviewedAt),
                ["repeat_of"] = new JsonArray([.. i.RepeatOf.Select(r => (JsonNode?)JsonValue.Create(r))]),
            },
            ["corrective_actions"] = new JsonArray([.. actions.Select(a => (JsonNode?)new JsonObject
            {
                ["id"] = a.Id,
                ["kind"] = WireName.Of(a.Kind),
                ["description"] = a.Description,
                ["owner"] = a.Owner,
                ["due_on"] = a.DueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["status"] = WireName.Of(a.Status),
            })]),
            ["resolution"] = i.Resolution,
        };
    }

    private static string S(JsonNode? node) => node is null ? "—" : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private static IEnumerable<(string Section, IReadOnlyList<(string Field, string Value)> Rows)> Sections(JsonObject r)
    {
        static IReadOnlyList<(string, string)> Fields(JsonNode? o) => o is JsonObject obj ? obj.Select(p => (p.Key, S(p.Value))).ToArray() : [];
        yield return ("Incident", Fields(r["incident"]));
        yield return ("AI system", Fields(r["ai_system"]));
        yield return ("Timeline", Fields(r["timeline"]));
        yield return ("Deadlines", r["deadlines"]!.AsArray().Select(d => ($"{S(d!["regime"])} / {S(d["obligation"])}",
            $"due {S(d["due_at"])}; met {S(d["met_at"])}; {S(d["citation"])}")).ToArray());
        yield return ("Containment", r["containment"]!.AsArray().Select(c => (S(c!["at"]), $"{S(c["kind"])}: {S(c["detail"])} (by {S(c["by"])})")).ToArray());
        yield return ("Investigation", Fields(r["investigation"]));
        yield return ("Corrective actions", r["corrective_actions"]!.AsArray().Select(a => (S(a!["id"]),
            $"{S(a["description"])} — owner {S(a["owner"])}, due {S(a["due_on"])}, {S(a["status"])}")).ToArray());
    }

    private static string Markdown(JsonObject r)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Incident report ({S(r["report_type"])}): {MarkdownText.Inline(S(r["incident"]!["title"]))}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Generated {S(r["generated_at"])} by Attest (format {S(r["format"])}).\n");
        foreach (var (section, rows) in Sections(r))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n## {section}\n\n");
            if (rows.Count == 0)
            {
                md.Append("None recorded.\n");
                continue;
            }
            md.Append("| Field | Value |\n|---|---|\n");
            foreach (var (field, value) in rows)
                md.Append(CultureInfo.InvariantCulture, $"| {MarkdownText.Inline(field)} | {MarkdownText.Inline(value).Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        if (r["resolution"] is { } resolution)
            md.Append(CultureInfo.InvariantCulture, $"\n## Resolution\n\n{MarkdownText.Inline(S(resolution))}\n");
        return md.ToString();
    }

    private static string Html(JsonObject r)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Incident report ")
            .Append(E(S(r["incident"]!["id"]))).Append("</title></head><body>\n");
        html.Append("<h1>Incident report (").Append(E(S(r["report_type"]))).Append("): ").Append(E(S(r["incident"]!["title"]))).Append("</h1>\n");
        html.Append("<p>Generated ").Append(E(S(r["generated_at"]))).Append(" by Attest.</p>\n");
        foreach (var (section, rows) in Sections(r))
        {
            html.Append("<h2>").Append(E(section)).Append("</h2>\n");
            if (rows.Count == 0)
            {
                html.Append("<p>None recorded.</p>\n");
                continue;
            }
            html.Append("<table><tbody>\n");
            foreach (var (field, value) in rows)
                html.Append("<tr><th scope=\"row\">").Append(E(field)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
            html.Append("</tbody></table>\n");
        }
        if (r["resolution"] is { } resolution)
            html.Append("<h2>Resolution</h2>\n<p>").Append(E(S(resolution))).Append("</p>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }
}
