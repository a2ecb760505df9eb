using System.Globalization;
using System.Text;
using Attest.Core.Data;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Risks;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Attest.Engine.Packs;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>summary.md</c>: the pack in plain words for the person who opens it first — the system, its class and tier, the
/// gate verdict of each stage, open waivers, open risks, incidents and the last review decision — read from the same
/// use cases as the governance files. Record fields are escaped (<see cref="MarkdownText"/>).
/// </summary>
public sealed class SummarySection(AttestDbContext db, EvaluateGate gate, ListWaivers waivers, ListRisks risks, ListIncidents incidents, TimeProvider time) : IPackSection
{
    public const string Path = "summary.md";

    public int Order => 90;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var md = new StringBuilder();
        md.Append("# Assurance pack: ").Append(T(system.Name)).Append("\n\n");
        md.Append("Made ").Append(time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC by Attest. ")
          .Append("Every file is listed in `index.md` and signed in `manifest.json`; check it with `attest pack verify` or `verify_pack.py`.\n\n");
        md.Append("| | |\n|---|---|\n");
        md.Append("| System | ").Append(T(system.Name)).Append(" (").Append(MarkdownText.Code(system.Slug)).Append(") |\n");
        md.Append("| Lifecycle stage | ").Append(Words(WireName.Of(system.Stage))).Append(" |\n");
        md.Append("| EU AI Act class | ").Append(system.EuAiActClass is null ? "not classified" : Words(system.EuAiActClass)).Append(" |\n");
        md.Append("| Internal tier | ").Append(system.Tier is null ? "not set" : Words(system.Tier)).Append(" |\n");
        md.Append("| Business owner | ").Append(T(system.BusinessOwner)).Append(" |\n");
        md.Append("| Technical owner | ").Append(T(system.TechnicalOwner)).Append(" |\n\n");

        await GatesAsync(md, system, ct);
        await DecisionAsync(md, system, ct);
        await WaiversAsync(md, system, ct);
        await RisksAsync(md, system, ct);
        await IncidentsAsync(md, system, ct);
        return [new PackFile(Path, Encoding.UTF8.GetBytes(md.ToString()))];
    }

    private async Task GatesAsync(StringBuilder md, SystemDetails system, CancellationToken ct)
    {
        md.Append("## Gate verdicts\n\n");
        var rows = new StringBuilder("| Stage | Verdict | Requirements met | Unmet |\n|---|---|---|---|\n");
        foreach (var stage in Enum.GetValues<GateStage>())
        {
            var evaluated = await gate.ExecuteAsync(system.Id, null, stage, ct);
            if (!evaluated.IsOk)
            {
                md.Append("Not evaluated: ").Append(T(evaluated.Message)).Append("\n\n");
                return;
            }
            var r = evaluated.Value!;
            rows.Append("| ").Append(Words(WireName.Of(stage))).Append(" | ").Append(r.Decision == GateDecision.Go ? "**go**" : "**no go**").Append(" | ")
                .Append(r.Requirements.Count(q => q.Met)).Append(" of ").Append(r.Requirements.Count).Append(" | ")
                .Append(r.Unmet.Count == 0 ? "—" : string.Join(", ", r.Unmet.GroupBy(u => u.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Words(WireName.Of(g.Key))}")))
                .Append(" |\n");
        }
        md.Append(rows).Append("\nAs evaluated when the pack was made; every requirement is in `governance/gate-verdicts.json`.\n\n");
    }

    private async Task DecisionAsync(StringBuilder md, SystemDetails system, CancellationToken ct)
    {
        md.Append("## Last review decision\n\n");
        var last = await db.Reviews.AsNoTracking().Where(r => r.SystemId == system.Id && r.Decision != null).ToListAsync(ct);
        var review = last.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id, StringComparer.Ordinal).LastOrDefault();
        var open = await db.Reviews.AsNoTracking().CountAsync(r => r.SystemId == system.Id && r.Status == ReviewStatus.Open, ct);
        if (review is null) md.Append("No review has been decided.");
        else
            md.Append("**").Append(Words(WireName.Of(review.Decision!.Value))).Append("** for ").Append(Words(WireName.Of(review.Stage)))
              .Append(review.ModelVersionLabel is null ? "" : $" of {T(review.ModelVersionLabel)}").Append(", decided by ").Append(T((await HistoryNames.ActorsAsync(db, [review.DecidedBy!], ct))[review.DecidedBy!]))
              .Append(" on ").Append(review.DecidedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(": ").Append(T(review.DecisionRationale))
              .Append(review.LapsedAt is null ? "" : $" The approval lapsed on {review.LapsedAt.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} after a material change.");
        md.Append(open == 0 ? "" : $" {open} review{(open == 1 ? " is" : "s are")} open.").Append(" Sign-offs and conditions: `governance/reviews.json`.\n\n");
    }

    private async Task WaiversAsync(StringBuilder md, SystemDetails system, CancellationToken ct)
    {
        md.Append("## Open waivers\n\n");
        var all = (await waivers.ExecuteAsync(new WaiverQuery(System: system.Id), ReadScope.Everything, ct)).Value ?? [];
        var open = all.Where(w => w.State is WaiverState.Requested or WaiverState.Approved).ToList();
        if (open.Count == 0) md.Append("None.\n");
        else
        {
            md.Append("| Control | State | Expires | Risk owner |\n|---|---|---|---|\n");
            foreach (var w in open)
                md.Append("| ").Append(T(w.Control)).Append(' ').Append(T(w.ControlTitle)).Append(" | ").Append(WaiversSection.StateAtExport(w)).Append(" | ")
                  .Append(GovernanceLedger.Day(w.ExpiresOn)).Append(" | ").Append(T(w.RiskOwner)).Append(" |\n");
        }
        Notes(md, all.Count == open.Count ? null : $"{all.Count - open.Count} rejected or revoked.", all.Count == 0 ? null : "All waivers, with who asked and who approved: `governance/waivers.json`.");
    }

    private async Task RisksAsync(StringBuilder md, SystemDetails system, CancellationToken ct)
    {
        md.Append("## Open risks\n\n");
        var all = (await risks.ExecuteAsync(system.Id, ct)).Value ?? [];
        var open = all.Where(r => r.Treatment == RiskTreatment.Open).ToList();
        if (open.Count == 0) md.Append("None.\n");
        else
        {
            md.Append("| Risk | Severity | Owner |\n|---|---|---|\n");
            foreach (var r in open)
                md.Append("| ").Append(T(r.Title)).Append(" | ").Append(WireName.Of(r.Severity)).Append(" | ").Append(T(r.Owner)).Append(" |\n");
        }
        Notes(md, all.Count == open.Count ? null : $"{all.Count - open.Count} mitigated or accepted.", all.Count == 0 ? null : "The register: `governance/risks.json`.");
    }

    private async Task IncidentsAsync(StringBuilder md, SystemDetails system, CancellationToken ct)
    {
        md.Append("## Incidents\n\n");
        var all = (await incidents.ExecuteAsync(system.Id, ct)).Value ?? [];
        if (all.Count == 0)
        {
            md.Append("None reported.\n");
            return;
        }
        md.Append("| Incident | Severity | Status | Next deadline |\n|---|---|---|---|\n");
        foreach (var i in all)
        {
            var next = i.Deadlines.Where(d => d.MetAt is null).OrderBy(d => d.DueAt).FirstOrDefault();
            md.Append("| ").Append(T(i.Title)).Append(" | ").Append(WireName.Of(i.Severity)).Append(" | ").Append(WireName.Of(i.Status)).Append(" | ")
              .Append(i.Status == IncidentStatus.Closed || next is null ? "—" : $"{T(next.Label)} by {next.DueAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC")
              .Append(" |\n");
        }
        md.Append("\nClocks and history: `governance/incidents.json`.\n");
    }

    // A paragraph of notes after a list or table, then the blank line that ends the section.
    private static void Notes(StringBuilder md, params string?[] notes)
    {
        var text = string.Join(" ", notes.Where(n => n is not null));
        md.Append(text.Length == 0 ? "\n" : $"\n{text}\n\n");
    }

    private static string T(string? value) => MarkdownText.Inline(value);

    private static string Words(string wire) => wire.Replace('_', ' ');
}
