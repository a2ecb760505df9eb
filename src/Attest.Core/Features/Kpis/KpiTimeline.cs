using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>
/// The dated records of the portfolio, read once, from which the KPI facts of any past instant are rebuilt
/// (<see cref="At"/>): a fact counts only if its record existed then. Systems by their registration time; lifecycle
/// stages and control statuses from their ledger entries (<c>system.stage_changed</c>, <c>control.status_changed</c>);
/// tiers and required controls from the classification computed (and override made) by then; evidence recorded and not
/// yet retired; waivers requested, approved or rejected by then; decisions, incidents, deployments and monitoring plans
/// by their own times. What has no history is today's: business units, the current model version evidence is judged
/// against, the organisation's control overlay, and a revoked waiver (revoked throughout). A record edited outside the
/// governed write path (no ledger entry) keeps its current value. One read serves many days: the backfill of the history
/// reads once and rebuilds each day.
/// <para>
/// It is the one gatherer of KPI facts: the KPIs of now are the timeline at now, loaded without history
/// (<c>history: false</c> skips the ledger scan and older classifications — at now the stored stage, control status and
/// classification are what the ledger gives; a test checks both loads agree). Pre-release findings (failed evaluation
/// rules, red-team failures) come from <see cref="PreLaunchFindings"/>, dated when their report was recorded.
/// </para>
/// </summary>
internal sealed class KpiTimeline
{
    private readonly List<SystemRow> systems;
    private readonly Dictionary<string, List<(DateTimeOffset Time, LifecycleStage Before, LifecycleStage After)>> stages;
    private readonly Dictionary<string, List<ClassificationAt>> classifications;
    private readonly Dictionary<string, DateTimeOffset> intakes;
    private readonly Dictionary<string, KpiDecision[]> decisions;
    private readonly Dictionary<string, List<(DateOnly On, DateTimeOffset Recorded)>> deployments;
    private readonly Dictionary<string, (KpiIncident Incident, DateTimeOffset ReportedAt)[]> incidents;
    private readonly Dictionary<string, Dictionary<string, List<(DateTimeOffset Time, ControlStatus To)>>> statusChanges;
    private readonly Dictionary<string, Dictionary<string, (ControlStatus Status, DateTimeOffset UpdatedAt)>> statusRows;
    private readonly Dictionary<string, EvidenceItem[]> evidence;
    private readonly Dictionary<string, Waiver[]> waivers;
    private readonly Dictionary<string, string?> currentModel;
    private readonly Dictionary<string, MonitoringPlanVersion[]> plans;
    private readonly Dictionary<string, KpiFinding[]> findings;
    private readonly Incidents.OrgControlLibrary.Overlay overlay;

    private sealed record SystemRow(string Id, string? Tier, string BusinessUnit, LifecycleStage Stage, DateTimeOffset CreatedAt);

    private sealed record ClassificationAt(ClassificationRecords.Latest Latest, DateTimeOffset At);

    private KpiTimeline(List<SystemRow> systems, Dictionary<string, List<(DateTimeOffset, LifecycleStage, LifecycleStage)>> stages,
        Dictionary<string, List<ClassificationAt>> classifications, Dictionary<string, DateTimeOffset> intakes, Dictionary<string, KpiDecision[]> decisions,
        Dictionary<string, List<(DateOnly, DateTimeOffset)>> deployments, Dictionary<string, (KpiIncident, DateTimeOffset)[]> incidents,
        Dictionary<string, Dictionary<string, List<(DateTimeOffset, ControlStatus)>>> statusChanges,
        Dictionary<string, Dictionary<string, (ControlStatus, DateTimeOffset)>> statusRows, Dictionary<string, EvidenceItem[]> evidence,
        Dictionary<string, Waiver[]> waivers, Dictionary<string, string?> currentModel, Dictionary<string, MonitoringPlanVersion[]> plans, Dictionary<string, KpiFinding[]> findings, Incidents.OrgControlLibrary.Overlay overlay)
    {
        this.findings = findings;
        this.systems = systems;
        this.stages = stages;
        this.classifications = classifications;
        this.intakes = intakes;
        this.decisions = decisions;
        this.deployments = deployments;
        this.incidents = incidents;
        this.statusChanges = statusChanges;
        this.statusRows = statusRows;
        this.evidence = evidence;
        this.waivers = waivers;
        this.currentModel = currentModel;
        this.plans = plans;
        this.overlay = overlay;
    }

    /// <summary>The first instant the timeline knows of: the earliest registration (null for an empty portfolio).</summary>
    public DateTimeOffset? Start => systems.Count == 0 ? null : systems.Min(s => s.CreatedAt);

    /// <summary>
    /// Reads the records of the systems in <paramref name="scope"/>. <paramref name="history"/> false reads only what the
    /// present needs — stored stages and control statuses, the latest classification, no ledger scan — so only
    /// <see cref="At"/> now is then correct; that is how the KPIs of now are gathered.
    /// </summary>
    public static async Task<KpiTimeline> LoadAsync(AttestDbContext db, ComplianceData data, Evidence.BlobStore blobs, ReadScope scope, bool history, CancellationToken ct)
    {
        var systems = (await scope.Filter(db.Systems.AsNoTracking(), s => s.Id)
            .Select(s => new { s.Id, s.Tier, s.BusinessUnit, s.Stage, s.CreatedAt }).ToListAsync(ct))
            .Select(s => new SystemRow(s.Id, s.Tier, s.BusinessUnit, s.Stage, s.CreatedAt)).ToList();
        var ids = systems.Select(s => s.Id).ToList();
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        // Every system visible: no id filter (a list of thousands of ids is slower in SQL than reading the rows).
        var all = scope.IsEverything;
        var (stages, statusChanges) = history ? await LedgerChangesAsync(db, ids, ct) : ([], []);
        var classifications = history ? await ClassificationsAsync(db, idSet, ct)
            : (await ClassificationRecords.LatestOfAllAsync(db, ct)).Where(p => idSet.Contains(p.Key))
                .ToDictionary(p => p.Key, p => new List<ClassificationAt> { new(p.Value, DateTimeOffset.MinValue) }, StringComparer.Ordinal);

        var intakes = (await db.IntakeVersions.AsNoTracking().Where(i => all || ids.Contains(i.SystemId)).Select(i => new { i.SystemId, i.AnsweredAt }).ToListAsync(ct))
            .GroupBy(i => i.SystemId).ToDictionary(g => g.Key, g => g.Min(i => i.AnsweredAt), StringComparer.Ordinal);
        var decisions = await DecisionsAsync(db, all ? null : ids, ct);
        var deployments = (await db.Deployments.AsNoTracking()
                .Where(d => (all || ids.Contains(d.SystemId)) && d.Environment == DeploymentEnvironment.Production && d.DeployedOn != null)
                .Select(d => new { d.SystemId, d.DeployedOn, d.CreatedAt }).ToListAsync(ct))
            .GroupBy(d => d.SystemId).ToDictionary(g => g.Key, g => g.Select(d => (d.DeployedOn!.Value, d.CreatedAt)).ToList(), StringComparer.Ordinal);
        var incidents = (await db.Incidents.AsNoTracking().Where(i => all || ids.Contains(i.SystemId)).ToListAsync(ct))
            .GroupBy(i => i.SystemId).ToDictionary(g => g.Key, g => g.Select(i => (new KpiIncident(i.Id, i.Severity,
                i.Serious is not null || i.WidespreadInfringement || i.PersonalDataBreach, i.OccurredAt, i.AwareAt, i.TriagedAt, i.RootCause, i.ReviewedAt), i.ReportedAt)).ToArray(),
                StringComparer.Ordinal);
        var statusRows = (await db.ControlStatuses.AsNoTracking().Where(s => all || ids.Contains(s.SystemId)).ToListAsync(ct))
            .GroupBy(s => s.SystemId).ToDictionary(g => g.Key, g => g.ToDictionary(s => s.ControlId, s => (s.Status, s.UpdatedAt), StringComparer.Ordinal), StringComparer.Ordinal);
        // The present needs only evidence not yet retired; a past day also the evidence retired since.
        var evidence = (await db.Evidence.AsNoTracking().Where(e => (all || ids.Contains(e.SystemId)) && (history || e.Status == Evidence.EvidenceStatuses.Active)).ToListAsync(ct))
            .GroupBy(e => e.SystemId).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var waivers = (await db.Waivers.AsNoTracking().Where(w => (all || ids.Contains(w.SystemId)) && w.ModelVersionId == null).ToListAsync(ct))
            .GroupBy(w => w.SystemId).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var currentModel = await Evidence.SystemEvidenceFacts.CurrentModelVersionsAsync(db, [.. evidence.Keys], ct);
        var plans = (await db.MonitoringPlans.AsNoTracking().Where(p => all || ids.Contains(p.SystemId)).ToListAsync(ct))
            .GroupBy(p => p.SystemId).ToDictionary(g => g.Key, g => g.OrderBy(p => p.Version).ToArray(), StringComparer.Ordinal);
        var findings = await PreLaunchFindings.ReadAsync(db, blobs, all ? null : ids, ct);
        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        return new KpiTimeline(systems, stages, classifications, intakes, decisions, deployments, incidents, statusChanges, statusRows, evidence, waivers,
            currentModel, plans, findings, overlay);
    }

    /// <summary>Lifecycle stage changes and control status changes per system, from the ledger in sequence order.</summary>
    private static async Task<(Dictionary<string, List<(DateTimeOffset, LifecycleStage, LifecycleStage)>> Stages,
        Dictionary<string, Dictionary<string, List<(DateTimeOffset, ControlStatus)>>> StatusChanges)> LedgerChangesAsync(AttestDbContext db, List<string> ids, CancellationToken ct)
    {
        var subjects = ids.ToDictionary(id => $"system:{id}", id => id, StringComparer.Ordinal);
        // Times are in sequence order; SQLite cannot compare them in SQL.
        var entries = await db.Ledger.AsNoTracking()
            .Where(e => e.Action == LedgerActions.SystemStageChanged.Name || e.Action == LedgerActions.ControlStatusChanged.Name)
            .OrderBy(e => e.Seq).Select(e => new { e.Action, e.Subject, e.Time, e.PayloadJson }).ToListAsync(ct);
        var stages = new Dictionary<string, List<(DateTimeOffset, LifecycleStage, LifecycleStage)>>(StringComparer.Ordinal);
        var statusChanges = new Dictionary<string, Dictionary<string, List<(DateTimeOffset, ControlStatus)>>>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            if (!subjects.TryGetValue(e.Subject, out var systemId) || JsonNode.Parse(e.PayloadJson) is not JsonObject payload)
                continue;
            if (e.Action == LedgerActions.SystemStageChanged.Name)
            {
                if (payload["before"]?["stage"]?.GetValue<string>() is { } before && payload["after"]?["stage"]?.GetValue<string>() is { } after)
                    Add(stages, systemId, (e.Time, SnakeCase.ToEnum<LifecycleStage>(before), SnakeCase.ToEnum<LifecycleStage>(after)));
            }
            else if (payload["control_id"]?.GetValue<string>() is { } control && payload["to"]?.GetValue<string>() is { } to
                && Engine.Classification.WireName.TryParse<ControlStatus>(to, out var status))
            {
                if (!statusChanges.TryGetValue(systemId, out var ofSystem))
                    statusChanges[systemId] = ofSystem = new(StringComparer.Ordinal);
                Add<string, (DateTimeOffset, ControlStatus)>(ofSystem, control, (e.Time, status));
            }
        }
        return (stages, statusChanges);
    }

    /// <summary>Every classification of each system (and each override of it), oldest first, with when it took effect.</summary>
    private static async Task<Dictionary<string, List<ClassificationAt>>> ClassificationsAsync(AttestDbContext db, HashSet<string> idSet, CancellationToken ct)
    {
        var classificationRows = await (
            from c in db.Classifications.AsNoTracking()
            join v in db.IntakeVersions.AsNoTracking() on c.IntakeVersionId equals v.Id
            select new { Row = c, v.Number }).ToListAsync(ct);
        var overrides = (await db.ClassificationOverrides.AsNoTracking().ToListAsync(ct)).GroupBy(o => o.ClassificationId)
            .ToDictionary(g => g.Key, g => g.OrderBy(o => o.OverriddenAt).ThenBy(o => o.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        var classifications = new Dictionary<string, List<ClassificationAt>>(StringComparer.Ordinal);
        foreach (var c in classificationRows.Where(c => idSet.Contains(c.Row.SystemId)).OrderBy(c => c.Number))
        {
            var document = ClassificationDocumentDto.Parse(c.Row.ClassificationJson);
            Add(classifications, c.Row.SystemId, new ClassificationAt(new ClassificationRecords.Latest(c.Row, c.Number, document, null), c.Row.ComputedAt));
            foreach (var o in overrides.GetValueOrDefault(c.Row.Id) ?? [])
                Add(classifications, c.Row.SystemId, new ClassificationAt(new ClassificationRecords.Latest(c.Row, c.Number, document, o), o.OverriddenAt));
        }
        return classifications;
    }

    /// <summary>Deployed or being monitored: in production.</summary>
    public static bool InProduction(LifecycleStage stage) => stage is LifecycleStage.Deployed or LifecycleStage.Monitoring;

    /// <summary>Every decided board review per system (of <paramref name="ids"/>; null: all), as the KPI calculator reads it.</summary>
    private static async Task<Dictionary<string, KpiDecision[]>> DecisionsAsync(AttestDbContext db, List<string>? ids, CancellationToken ct) =>
        (await db.Reviews.AsNoTracking().Where(r => (ids == null || ids.Contains(r.SystemId)) && r.Status == ReviewStatus.Decided && r.DecidedAt != null)
                .Select(r => new { r.Id, r.SystemId, r.RequestedAt, r.DueOn, r.DecidedAt, r.Decision, r.Tier, r.PinnedGateJson, r.ResidualRiskAcceptedBy }).ToListAsync(ct))
            .GroupBy(r => r.SystemId).ToDictionary(g => g.Key, g => g.Select(r => new KpiDecision(r.Id, r.RequestedAt, r.DueOn, r.DecidedAt!.Value,
                r.Decision is BoardDecision.Go or BoardDecision.ConditionalGo, r.Tier is Engine.Classification.RiskTier.High or Engine.Classification.RiskTier.Critical,
                Gates.GetReviewMetrics.ReliesOnWaivers(r.PinnedGateJson), r.ResidualRiskAcceptedBy is not null)).ToArray(), StringComparer.Ordinal);

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
            map[key] = list = [];
        list.Add(value);
    }

    /// <summary>The facts of every system registered by <paramref name="asOf"/>, as its records stood then.</summary>
    public IReadOnlyList<SystemKpiFacts> At(DateTimeOffset asOf)
    {
        var day = DateOnly.FromDateTime(asOf.UtcDateTime);
        var result = new List<SystemKpiFacts>(systems.Count);
        foreach (var s in systems)
        {
            if (s.CreatedAt > asOf)
                continue;
            var stage = StageAt(s, asOf);
            var classification = classifications.TryGetValue(s.Id, out var all) ? all.LastOrDefault(c => c.At <= asOf) : null;
            // Without stored classifications the tier column was set some other way: today's.
            var tier = all is null ? s.Tier : classification?.Latest.Row.Tier;
            var live = deployments.GetValueOrDefault(s.Id)?.Where(d => d.Recorded <= asOf && d.On <= day).Select(d => (DateOnly?)d.On).Min();
            var intake = intakes.TryGetValue(s.Id, out var answered) && answered <= asOf ? answered : (DateTimeOffset?)null;
            var ownIncidents = incidents.GetValueOrDefault(s.Id)?.Where(i => i.ReportedAt <= asOf).Select(i => i.Incident).ToArray() ?? [];
            var inProduction = InProduction(stage);
            var found = findings.GetValueOrDefault(s.Id)?.Where(f => f.FoundAt <= asOf).ToArray() ?? [];
            result.Add(new SystemKpiFacts(s.Id, tier, s.BusinessUnit, stage != LifecycleStage.Retired, inProduction, intake, live,
                decisions.GetValueOrDefault(s.Id) ?? [], ownIncidents, classification is null ? null : ControlsAt(s.Id, classification.Latest, asOf, day),
                inProduction && MonitoringCoveredAt(s.Id, asOf), found));
        }
        return result;
    }

    private LifecycleStage StageAt(SystemRow s, DateTimeOffset asOf)
    {
        if (!stages.TryGetValue(s.Id, out var changes))
            return s.Stage;
        var last = changes.LastOrDefault(c => c.Time <= asOf);
        if (last != default)
            return last.After;
        return changes[0].Before;
    }

    private ControlFacts ControlsAt(string systemId, ClassificationRecords.Latest latest, DateTimeOffset asOf, DateOnly day)
    {
        var required = overlay.Required(systemId, latest);
        var items = (evidence.GetValueOrDefault(systemId) ?? []).Where(e => e.CreatedAt <= asOf).ToList();
        var facts = items.Select(e => new EvidenceFacts(e.Id, e.Controls, e.ModelVersionIds, e.ValidUntil,
            e.Status == Evidence.EvidenceStatuses.Active || (e.RetiredAt is { } retired && retired > asOf))).ToArray();
        var pipeline = items.Where(e => e.Method != "upload").Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var current = currentModel.GetValueOrDefault(systemId);
        var ownWaivers = (waivers.GetValueOrDefault(systemId) ?? []).Where(w => w.RequestedAt <= asOf).Select(w => new WaiverFact(w.Id, w.ControlId,
            w.State == WaiverState.Revoked ? WaiverState.Revoked
            : w.ApprovedAt is { } approved && approved <= asOf ? WaiverState.Approved
            : w.RejectedAt is { } rejected && rejected <= asOf ? WaiverState.Rejected : WaiverState.Requested, w.ExpiresOn)).ToArray();
        var changes = statusChanges.GetValueOrDefault(systemId);
        var rows = statusRows.GetValueOrDefault(systemId);
        int counted = 0, implemented = 0, withEvidence = 0, withPipeline = 0;
        foreach (var control in required)
        {
            var recorded = RecordedStatus(changes?.GetValueOrDefault(control.Id), rows, control.Id, asOf);
            var standing = ControlStanding.Decide(recorded, EvidenceFreshness.Evaluate(control.Id, facts, current, day), ownWaivers, day);
            if (standing.Status == ControlStatus.NotApplicable)
                continue;
            counted++;
            if (standing.Status == ControlStatus.Satisfied)
                implemented++;
            if (standing.Evidence.ValidEvidence.Count > 0)
            {
                withEvidence++;
                if (standing.Evidence.ValidEvidence.Any(pipeline.Contains))
                    withPipeline++;
            }
        }
        return new ControlFacts(counted, implemented, withEvidence, withPipeline);
    }

    private static ControlStatus RecordedStatus(List<(DateTimeOffset Time, ControlStatus To)>? changes,
        Dictionary<string, (ControlStatus Status, DateTimeOffset UpdatedAt)>? rows, string controlId, DateTimeOffset asOf)
    {
        if (changes is not null)
        {
            var last = changes.LastOrDefault(c => c.Time <= asOf);
            return last == default ? ControlStatus.NotStarted : last.To;
        }
        // A status with no ledger entry (written outside the governed path): as stored, from when it was stored.
        return rows?.GetValueOrDefault(controlId) is { } row && row.UpdatedAt <= asOf ? row.Status : ControlStatus.NotStarted;
    }

    private bool MonitoringCoveredAt(string systemId, DateTimeOffset asOf)
    {
        var plan = plans.GetValueOrDefault(systemId)?.LastOrDefault(p => p.CreatedAt <= asOf);
        return plan is { OperationalAt: { } operational } && operational <= asOf && Monitoring.GetMonitoringCoverage.Covers(plan);
    }
}
