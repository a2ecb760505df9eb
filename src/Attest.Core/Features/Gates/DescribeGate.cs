using System.Text.RegularExpressions;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Ledger;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>One requirement as people read it: a name instead of an id, a reason without raw ids or enum words, and its owner.</summary>
public sealed record GateLine(GateRequirementDto Requirement, string Label, string Reason, string Owner, string? SubjectId);

/// <summary>
/// A gate verdict for people: every requirement named (<c>ATT-RISK-02 Intended purpose…</c>, the risk's title, the
/// reviewer's name) with a plain reason and the person who owns it, grouped by kind. Same verdict as <see cref="EvaluateGate"/>.
/// </summary>
public sealed record GateDescription(GateReport Report, IReadOnlyList<GateLine> Lines, string? OpenReviewId)
{
    public IEnumerable<IGrouping<RequirementKind, GateLine>> Unmet => Lines.Where(l => !l.Requirement.Met).GroupBy(l => l.Requirement.Kind).OrderBy(g => g.Key);
    public IEnumerable<GateLine> Met => Lines.Where(l => l.Requirement.Met);
}

public sealed partial class DescribeGate(AttestDbContext db, EvaluateGate evaluate, ComplianceData compliance)
{
    public async Task<Result<GateDescription>> ExecuteAsync(string idOrSlug, string? modelVersion, GateStage stage, CancellationToken ct)
    {
        var evaluated = await evaluate.ExecuteAsync(idOrSlug, modelVersion, stage, ct);
        if (!evaluated.IsOk)
            return evaluated.As<GateDescription>();
        var report = evaluated.Value!;
        var system = await db.Systems.AsNoTracking().FirstAsync(s => s.Id == report.SystemId, ct);

        // Every id a reason may mention, named once.
        var text = string.Join("\n", report.Requirements.Select(r => r.Requirement + " " + r.Reason));
        var ids = RawId().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in await db.Evidence.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.FileName }).ToListAsync(ct))
            names[e.Id] = $"“{e.FileName}”";
        var risks = await db.Risks.AsNoTracking().Where(r => r.SystemId == system.Id).ToDictionaryAsync(r => r.Id, ct);
        foreach (var r in risks.Values.Where(r => ids.Contains(r.Id)))
            names[r.Id] = $"“{r.Title}”";
        var waivers = await db.Waivers.AsNoTracking().Where(w => w.SystemId == system.Id).ToDictionaryAsync(w => w.Id, ct);
        foreach (var w in waivers.Values.Where(w => ids.Contains(w.Id)))
            names[w.Id] = $"the waiver of {w.ControlId}";
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.SystemId == system.Id).ToDictionaryAsync(i => i.Id, ct);
        foreach (var i in incidents.Values.Where(i => ids.Contains(i.Id)))
            names[i.Id] = $"“{i.Title}”";
        var actors = ActorId().Matches(text).Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        foreach (var (id, name) in await HistoryNames.ActorsAsync(db, actors, ct))
            names[id] = name;

        var titles = compliance.Library.Controls.ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
        var version = report.ModelVersion;
        var openReview = await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == system.Id && r.Stage == stage && r.ModelVersionLabel == version && r.Status == ReviewStatus.Open)
            .Select(r => r.Id).FirstOrDefaultAsync(ct);

        var lines = report.Requirements.Select(r =>
        {
            var subject = r.Requirement.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0 ? r.Requirement[(colon + 1)..] : r.Requirement;
            var (label, owner) = r.Kind switch
            {
                RequirementKind.Control => ($"{r.Control} {titles.GetValueOrDefault(r.Control ?? "")}".Trim(), system.TechnicalOwner),
                RequirementKind.SignOff => ($"{Human(subject)} sign-off", $"the {Human(subject)} reviewer"),
                RequirementKind.Risk => (risks.TryGetValue(subject, out var risk) ? $"Risk “{risk.Title}”" : "A risk", risks.GetValueOrDefault(subject)?.Owner ?? system.BusinessOwner),
                RequirementKind.Waiver => (waivers.TryGetValue(subject, out var waiver) ? $"Waiver of {waiver.ControlId}" : "A waiver", waivers.GetValueOrDefault(subject)?.RiskOwner ?? system.BusinessOwner),
                RequirementKind.Incident => (incidents.TryGetValue(subject, out var incident) ? $"Incident “{incident.Title}”" : "An incident", system.BusinessOwner),
                RequirementKind.Evaluation => ($"Evaluation: {Human(subject.Replace(':', ' '))}", system.TechnicalOwner),
                RequirementKind.RedTeam => ($"Red team: {subject.ToUpperInvariant()}", system.TechnicalOwner),
                _ => (r.Requirement, system.TechnicalOwner),
            };
            return new GateLine(r, label, Plain(r.Reason, names), string.IsNullOrWhiteSpace(owner) ? "the system's team" : owner, subject);
        }).ToArray();
        return Result<GateDescription>.Ok(new GateDescription(report, lines, openReview));
    }

    /// <summary>Ids replaced by names; snake_case words (<c>not_started</c>) as words.</summary>
    private static string Plain(string reason, IReadOnlyDictionary<string, string> names)
    {
        var named = RawId().Replace(reason, m => names.GetValueOrDefault(m.Value, m.Value));
        named = ActorId().Replace(named, m => names.GetValueOrDefault(m.Value, m.Value));
        return SnakeWord().Replace(named, m => m.Value.Replace('_', ' '));
    }

    private static string Human(string snake) => snake.Replace('_', ' ').Replace('-', ' ');

    [GeneratedRegex(@"\b(?:ev|rsk|wv|inc|rev|act)_[0-9a-z]+\b")]
    private static partial Regex RawId();

    [GeneratedRegex(@"\b(?:user|demo|key|local):[\w.@-]*\w")]
    private static partial Regex ActorId();

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b")]
    private static partial Regex SnakeWord();
}
