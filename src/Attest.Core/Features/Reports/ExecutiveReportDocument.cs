using System.Globalization;
using System.Net;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Kpis;
using Attest.Engine.Classification;
using Attest.Engine.Kpis;

namespace Attest.Core.Features.Reports;

/// <summary>
/// The executive report as Markdown or as a self-contained HTML page (inline CSS, ScottPlot SVG charts; printed to PDF by
/// <see cref="ChromiumPdf"/>). Both say the same in the same order: KPIs with trend, posture by tier, top open risks,
/// incidents and near misses, decisions and waivers granted, what changed (material changes), and the compliance matrix
/// as an appendix. Every value read from the database is escaped for its format.
/// </summary>
public static class ExecutiveReportDocument
{
    public const string Title = "Responsible-AI programme: executive report";

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
    private static string Num(double? v) => v is { } x ? x.ToString("0.###", CultureInfo.InvariantCulture) : "—";
    private static string Signed(double? v) => v is { } x ? (x > 0 ? "+" : "") + x.ToString("0.###", CultureInfo.InvariantCulture) : "—";
    private static string Unit(KpiDto k) => k.Definition.Unit switch { KpiUnit.Percent => " %", KpiUnit.Days => " days", _ => "" };
    private static string Target(KpiDto k) => (k.Definition.Direction == KpiDirection.AtMost ? "≤ " : "≥ ") + Num(k.Target) + Unit(k);
    private static string Status(KpiStatus s) => WireName.Of(s).Replace('_', ' ');
    private static string Decision(Data.BoardDecision d) => d switch { Data.BoardDecision.Go => "go", Data.BoardDecision.NoGo => "no-go", _ => "conditional go" };

    /// <summary>The section headings, in order (the PDF text test looks for them).</summary>
    public static readonly string[] Sections =
    [
        "Key performance indicators", "Portfolio posture by tier", "Top open risks", "Incidents and near misses", "Decisions taken", "What changed since the last report",
        "Appendix: compliance matrix",
    ];

    private static IEnumerable<(string Section, string[] Header, IEnumerable<string[]> Rows, string Empty)> Tables(ExecutiveReport r)
    {
        yield return (Sections[0], ["KPI", "Value", "Target", "Status", "Start of period", "Change", "Numerator / denominator"],
            r.Kpis.Select(k => new[]
            {
                k.Kpi.Name, k.Kpi.Value is null ? "—" : Num(k.Kpi.Value) + Unit(k.Kpi), Target(k.Kpi), Status(k.Kpi.Status), k.StartValue is null ? "—" : Num(k.StartValue) + Unit(k.Kpi),
                Signed(k.Change), k.Kpi.Value is null ? k.Kpi.Reason ?? "" : $"{Num(k.Kpi.Numerator)} / {Num(k.Kpi.Denominator)}",
            }), "No KPI is defined.");
        yield return (Sections[1], ["Tier", "Systems", "In production", "Controls satisfied", "Open risks", "Open incidents", "Waivers in force"],
            r.Posture.Select(p => new[]
            {
                p.Tier, p.Systems.ToString(CultureInfo.InvariantCulture), p.InProduction.ToString(CultureInfo.InvariantCulture),
                p.ControlsRequired == 0 ? "—" : $"{p.ControlsSatisfied} / {p.ControlsRequired} ({Num(p.ControlCoverage)} %)",
                p.OpenRisks.ToString(CultureInfo.InvariantCulture), p.OpenIncidents.ToString(CultureInfo.InvariantCulture), p.WaiversInForce.ToString(CultureInfo.InvariantCulture),
            }), "No system.");
        yield return (Sections[2], ["Risk", "System", "Severity", "Likelihood", "Owner", "Recorded"],
            r.TopRisks.Select(x => new[] { x.Title, x.SystemName, WireName.Of(x.Severity), x.Likelihood is { } l ? SnakeCase.FromEnum(l).Replace('_', ' ') : "—", x.Owner, Time(x.RecordedAt) }),
            "No open risk.");
        yield return (Sections[3], ["Kind", "System", "What", "Severity / decision", "When"],
            r.Incidents.Select(i => new[] { i.Serious ? "serious incident" : "incident", i.SystemName, i.Title, WireName.Of(i.Severity) + ", " + WireName.Of(i.Status), Time(i.AwareAt) })
                .Concat(r.NearMisses.Select(n => new[] { NearMissKind(n.Kind), n.SystemName, n.What, n.By, Time(n.At) })),
            "No incident and no near miss in the period.");
        yield return (Sections[4], ["Decision", "System", "Gate", "Tier", "By", "When"],
            r.Decisions.Select(d => new[] { Decision(d.Decision), d.SystemName, WireName.Of(d.Stage), WireName.Of(d.Tier), d.DecidedBy ?? "—", Time(d.DecidedAt) })
                .Concat(r.WaiversGranted.Select(w => new[] { "waiver granted", w.SystemName, w.Control, "until " + Day(w.ExpiresOn), w.ApprovedBy ?? "—", w.ApprovedAt is { } at ? Time(at) : "—" })),
            "No decision and no waiver granted in the period.");
        yield return (Sections[5], ["System", "Change", "Approved version", "Approval", "Assessed"],
            r.Changes.Select(c => new[] { c.SystemName, $"{c.Candidate}: {c.Cause}", c.Approved, c.LapsedApproval ? "lapsed" : "kept", Time(c.AssessedAt) }),
            "No material change in the period.");
        yield return (Sections[6], ["System", "EU AI Act class", "Tier", "Controls satisfied", "Not yet satisfied"],
            r.Matrix.Select(s => new[]
            {
                s.SystemName, s.Class is { } c ? WireName.Of(c) : "not classified", s.Tier is { } t ? WireName.Of(t) : "—",
                s.Required == 0 ? "—" : $"{s.Satisfied} / {s.Required}", string.Join(", ", s.Gaps),
            }), "No system.");
    }

    private static string NearMissKind(string kind) => kind switch
    {
        KpiFinding.NoGo => "near miss (no-go)",
        KpiFinding.EvaluationRule => "near miss (evaluation rule)",
        _ => "near miss (red team)",
    };

    private static string Intro(ExecutiveReport r) =>
        $"Period {Day(r.From)} to {Day(r.To)}, generated {Time(r.GeneratedAt)}. {r.Decisions.Count} decisions, {r.WaiversGranted.Count} waivers granted, "
        + $"{r.Incidents.Count} incidents, {r.NearMisses.Count} near misses, {r.Changes.Count} material changes in the period; {r.OpenRisks} open risks today.";

    public static string ToMarkdown(ExecutiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append("# ").Append(Title).Append("\n\n").Append(MarkdownText.Inline(Intro(report))).Append("\n");
        foreach (var (section, header, rows, empty) in Tables(report))
        {
            md.Append("\n## ").Append(section).Append("\n\n");
            var list = rows.ToList();
            if (list.Count == 0)
            {
                md.Append(empty).Append('\n');
                continue;
            }
            md.Append("| ").Append(string.Join(" | ", header)).Append(" |\n|").Append(string.Concat(header.Select(_ => "---|"))).Append('\n');
            foreach (var row in list)
                md.Append("| ").Append(string.Join(" | ", row.Select(MarkdownText.Inline))).Append(" |\n");
        }
        return md.ToString();
    }

    public static string ToHtml(ExecutiveReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(Title)).Append("</title>\n<style>")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;margin:1.5cm;color:#1a1a1a}h1{font-size:18pt}h2{font-size:13pt;margin-top:1.4em;border-bottom:1px solid #ccc}")
            .Append("table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f0f0f0}")
            .Append(".met{color:#2e7d32}.not_met{color:#c62828}.chart svg{max-width:100%;height:auto}.appendix{page-break-before:always}")
            .Append("</style></head><body>\n<h1>").Append(E(Title)).Append("</h1>\n<p>").Append(E(Intro(report))).Append("</p>\n");
        foreach (var (section, header, rows, empty) in Tables(report))
        {
            html.Append(section.StartsWith("Appendix", StringComparison.Ordinal) ? "<h2 class=\"appendix\">" : "<h2>").Append(E(section)).Append("</h2>\n");
            if (section == Sections[0])
                html.Append("<div class=\"chart\">").Append(ExecutiveReportCharts.KpiChart(report.Kpis)).Append("</div>\n");
            if (section == Sections[1])
                html.Append("<div class=\"chart\">").Append(ExecutiveReportCharts.TierChart(report.Posture)).Append("</div>\n");
            var list = rows.ToList();
            if (list.Count == 0)
            {
                html.Append("<p>").Append(E(empty)).Append("</p>\n");
                continue;
            }
            html.Append("<table><thead><tr>").Append(string.Concat(header.Select(h => $"<th>{E(h)}</th>"))).Append("</tr></thead><tbody>\n");
            foreach (var row in list)
                html.Append("<tr>").Append(string.Concat(row.Select(c => $"<td>{E(c)}</td>"))).Append("</tr>\n");
            html.Append("</tbody></table>\n");
        }
        return html.Append("</body></html>\n").ToString();
    }
}
