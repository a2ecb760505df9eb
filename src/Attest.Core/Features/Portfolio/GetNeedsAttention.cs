using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Actions;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Portfolio;

/// <summary>What kind of problem an attention item is; the wire name is its <c>kind</c>.</summary>
public enum AttentionKind
{
    FailingGate, WaiverExpired, WaiverExpiring, EvidenceExpired, EvidenceExpiring, ConditionOverdue,
    SignOffWaiting, DecisionWaiting, DeployedWithoutApproval, IncidentOpen,
}

/// <summary>How urgent: <c>red</c> is wrong now (expired, overdue, failing, ungoverned), <c>amber</c> soon or waiting on someone.</summary>
public enum AttentionLevel { Red, Amber }

/// <summary>
/// One problem that needs a person: what (<paramref name="Title"/>), its badge word as the facts say it
/// (<c>expired</c>, <c>expiring</c>, <c>overdue</c>, <c>fails</c>, …), the system, and where to fix it.
/// </summary>
public sealed record AttentionItem(
    AttentionKind Kind, AttentionLevel Level, string Badge, string SystemSlug, string SystemName, string Title, string Detail,
    string Link, string Action, DateOnly? Due);

/// <summary>The caller's needs-attention list: red first, then by due day.</summary>
public sealed record NeedsAttentionView(DateOnly Today, bool Mine, IReadOnlyList<AttentionItem> Items, IReadOnlyDictionary<string, int> ByKind);

/// <summary>
/// Needs-attention, computed once for the home page, the "My work" page and <c>GET /api/v1/me/work</c>: failing gates
/// of systems in review, expired and expiring waivers and evidence, overdue conditions, reviews waiting for the
/// caller's sign-off or decision, deployed systems without an approval in force, and open incidents. With
/// <c>mine</c>, only what is the caller's to do: their systems (team membership, or every system for a governance
/// lead), the sign-offs and decisions they may give, the conditions they own.
/// </summary>
public sealed class GetNeedsAttention(AttestDbContext db, Access access, EvaluateGate gate, ListOpenReviews openReviews, ListWaivers waivers,
    GetPortfolioEvidenceStatus evidence, ListActions actions, TimeProvider time)
{
    /// <summary>Waivers and evidence this close to their end are "expiring" (amber).</summary>
    public const int ExpiringWithinDays = WaiverStanding.ExpiringWithinDays;

    public async Task<NeedsAttentionView> ExecuteAsync(CallerIdentity caller, bool mine, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var scope = Access.ReadScopeOf(caller);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id).ToDictionaryAsync(s => s.Id, ct);
        var memberOf = caller.UserId is null ? new List<string>() : await db.SystemMembers.AsNoTracking().Where(m => m.UserId == caller.UserId).Select(m => m.SystemId).Distinct().ToListAsync(ct);
        var overseesAll = caller.HasRole(Engine.Access.Roles.Admin) || caller.HasRole(Engine.Access.Roles.GovernanceLead);
        // Whose problems are the caller's to fix: their team's systems (all of them for governance).
        bool Mine(string systemId) => !mine || overseesAll || memberOf.Contains(systemId) || caller.SystemId == systemId;
        var items = new List<AttentionItem>();

        var reviews = await openReviews.ExecuteAsync(scope, ct);
        foreach (var open in reviews)
        {
            var r = open.Review;
            var system = systems[r.SystemId];
            if (Mine(r.SystemId) && (await gate.ExecuteAsync(system.Id, r.ModelVersion, r.Stage, ct)).Value is { Decision: GateDecision.NoGo } report)
            {
                items.Add(new AttentionItem(AttentionKind.FailingGate, AttentionLevel.Red, "fails", system.Slug, system.Name,
                    $"The {Human(r.Stage)} gate fails while its review is open",
                    $"{report.Unmet.Count} of {report.Requirements.Count} requirements unmet ({Kinds(report.Unmet)}).",
                    $"/systems/{system.Slug}/gate?stage={WireName.Of(r.Stage)}{VersionQuery(r.ModelVersion)}", "See what is missing", r.DueOn));
            }
            var independent = await access.IndependenceRefusalAsync(caller, system, r.RequestedBy, ct) is null;
            if (!independent)
                continue;
            if (Access.HoldsPermission(caller, Permissions.ReviewsSignOff))
            {
                foreach (var a in r.Assignments.Where(a => a.LatestDecision != SignOffDecision.Approve && caller.Specialties.Contains(a.Specialty, StringComparer.Ordinal)))
                {
                    items.Add(new AttentionItem(AttentionKind.SignOffWaiting, open.BusinessDaysLeft < 0 ? AttentionLevel.Red : AttentionLevel.Amber,
                        open.BusinessDaysLeft < 0 ? "overdue" : "waiting for you", system.Slug, system.Name,
                        $"Your {a.Specialty} sign-off on the {Human(r.Stage)} review",
                        a.LatestDecision is { } d ? $"Last {a.Specialty} verdict: {Human(d)}. {a.Reason}" : a.Reason,
                        $"/reviews/{r.Id}#signoff-{a.Specialty}", "Sign off", r.DueOn));
                }
            }
            if (Access.HoldsPermission(caller, Permissions.ReviewsDecide) && r.Assignments.All(a => a.LatestDecision == SignOffDecision.Approve)
                && (r.Tier < RiskTier.High || caller.HasRole(Engine.Access.Roles.ExecutiveApprover) || caller.HasRole(Engine.Access.Roles.GovernanceLead) || caller.HasRole(Engine.Access.Roles.Admin)))
            {
                items.Add(new AttentionItem(AttentionKind.DecisionWaiting, open.BusinessDaysLeft < 0 ? AttentionLevel.Red : AttentionLevel.Amber,
                    open.BusinessDaysLeft < 0 ? "overdue" : "ready to decide", system.Slug, system.Name,
                    $"The {Human(r.Stage)} review awaits a decision",
                    r.Assignments.Count == 0 ? "No specialist sign-off is asked for." : $"All {r.Assignments.Count} sign-offs are in.",
                    $"/reviews/{r.Id}#decision", "Decide", r.DueOn));
            }
        }

        foreach (var w in (await waivers.ExecuteAsync(new WaiverQuery(State: WaiverState.Approved), scope, ct)).Value ?? [])
        {
            // The waiver's standing decides: expired (red) or in force but expiring (amber); others need nothing.
            if (!Mine(w.SystemId) || !(w.Standing.Expired || w.Standing.Expiring))
                continue;
            var expired = w.Standing.Expired;
            items.Add(new AttentionItem(expired ? AttentionKind.WaiverExpired : AttentionKind.WaiverExpiring, expired ? AttentionLevel.Red : AttentionLevel.Amber,
                expired ? "expired" : "expiring", w.SystemSlug, w.SystemName,
                $"Waiver of {w.Control}{(w.ControlTitle is null ? "" : $" ({w.ControlTitle})")} {(expired ? "expired" : "expires")} on {Day(w.ExpiresOn)}",
                expired ? $"The control is open again{(w.DaysToExpiry == -1 ? " since yesterday" : $" for {-w.DaysToExpiry} days")}; risk owner {w.RiskOwner}." : $"{w.DaysToExpiry} days left; risk owner {w.RiskOwner}.",
                $"/systems/{w.SystemSlug}/waivers#waiver-{w.Id}", expired ? "Renew or meet the control" : "Plan the renewal", w.ExpiresOn));
        }

        foreach (var line in await evidence.ExecuteAsync(scope, ct))
        {
            if (!Mine(line.SystemId))
                continue;
            if (line.Stale.Count > 0)
            {
                items.Add(new AttentionItem(AttentionKind.EvidenceExpired, AttentionLevel.Red, "expired", line.SystemSlug, line.SystemName,
                    $"Evidence of {Count(line.Stale.Count, "control")} is past its renewal", string.Join(", ", line.Stale.Take(8)) + (line.Stale.Count > 8 ? ", …" : ""),
                    $"/systems/{line.SystemSlug}/evidence", "Renew the evidence", null));
            }
            if (line.ExpiringSoon.Count > 0)
            {
                items.Add(new AttentionItem(AttentionKind.EvidenceExpiring, AttentionLevel.Amber, "expiring", line.SystemSlug, line.SystemName,
                    $"Evidence of {Count(line.ExpiringSoon.Count, "control")} expires soon",
                    string.Join(", ", line.ExpiringSoon.Take(8).Select(c => $"{c.ControlId} on {(c.ValidUntil is { } d ? Day(d) : "?")}")),
                    $"/systems/{line.SystemSlug}/evidence", "Renew the evidence", line.ExpiringSoon.Min(c => c.ValidUntil)));
            }
        }

        var names = new[] { caller.Actor.DisplayName }.Concat(caller.UserId is null ? new List<string>() : await db.Users.AsNoTracking().Where(u => u.Id == caller.UserId).Select(u => u.DisplayName).ToListAsync(ct)).ToArray();
        foreach (var a in ((await actions.ExecuteAsync(null, TrackedActionStatus.Open, scope, ct)).Value ?? []).Where(a => a.Overdue))
        {
            if (mine && !Mine(a.SystemId) && !names.Any(n => Owns(n, a.Owner)))
                continue;
            var system = systems[a.SystemId];
            items.Add(new AttentionItem(AttentionKind.ConditionOverdue, AttentionLevel.Red, "overdue", system.Slug, system.Name,
                $"Condition overdue since {Day(a.DueOn)}: {a.Description}", $"Owner {a.Owner}.",
                a.ReviewId is null ? $"/reviews#action-{a.Id}" : $"/reviews/{a.ReviewId}#decision", "Follow it up", a.DueOn));
        }

        var deployed = await scope.Filter(db.Deployments.AsNoTracking(), d => d.SystemId).Include(d => d.ModelVersion)
            .Where(d => d.Status == DeploymentStatus.Active && d.Environment == DeploymentEnvironment.Production).ToListAsync(ct);
        foreach (var group in deployed.GroupBy(d => d.SystemId).Where(g => Mine(g.Key)))
        {
            var system = systems[group.Key];
            var approval = await ApprovalsInForce.LatestAsync(db, system.Id, ct);
            var uncovered = new List<string>();
            foreach (var d in group)
            {
                if (approval is null || !await ApprovalsInForce.CoversAsync(db, approval, d.ModelVersionId, ct))
                    uncovered.Add($"{d.ModelVersion?.Name}@{d.ModelVersion?.Version} in {d.Region}");
            }
            if (uncovered.Count == 0)
                continue;
            items.Add(new AttentionItem(AttentionKind.DeployedWithoutApproval, AttentionLevel.Red, "no approval", system.Slug, system.Name,
                "Runs in production without an approval in force",
                $"{string.Join("; ", uncovered)}: {(approval is null ? "no release go or conditional go is in force" : $"the approval in force ({approval.ModelVersionLabel}) does not cover it")}.",
                $"/systems/{system.Slug}/gate?stage=pre_launch", "Request a release review", null));
        }

        var incidents = await scope.Filter(db.Incidents.AsNoTracking(), i => i.SystemId).Where(i => i.Status != Engine.Incidents.IncidentStatus.Closed).ToListAsync(ct);
        foreach (var i in incidents.Where(i => Mine(i.SystemId)))
        {
            var system = systems[i.SystemId];
            var severe = i.Severity >= IncidentSeverity.Severe;
            items.Add(new AttentionItem(AttentionKind.IncidentOpen, severe ? AttentionLevel.Red : AttentionLevel.Amber, $"{Human(i.Severity)} incident", system.Slug, system.Name,
                $"Open incident: {i.Title}", $"Reported on {Day(DateOnly.FromDateTime(i.ReportedAt.UtcDateTime))}.",
                $"/systems/{system.Slug}/risks#incident-{i.Id}", "Handle the incident", null));
        }

        var ordered = items.OrderBy(i => i.Level).ThenBy(i => i.Due ?? DateOnly.MaxValue).ThenBy(i => i.SystemName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(i => i.Title, StringComparer.Ordinal).ToArray();
        return new NeedsAttentionView(today, mine, ordered,
            ordered.GroupBy(i => WireName.Of(i.Kind)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }

    private static bool Owns(string displayName, string owner) =>
        string.Equals(displayName.Trim(), owner.Trim(), StringComparison.OrdinalIgnoreCase)
        || displayName.StartsWith(owner.Trim() + " (", StringComparison.OrdinalIgnoreCase);

    private static string Human<TEnum>(TEnum value) where TEnum : struct, Enum => WireName.Of(value).Replace('_', ' ');

    private static string Kinds(IReadOnlyList<UnmetRequirementDto> unmet) =>
        string.Join(", ", unmet.GroupBy(u => u.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Human(g.Key)}"));

    private static string VersionQuery(string? version) => version is null ? "" : "&model_version=" + Uri.EscapeDataString(version);

    private static string Day(DateOnly d) => d.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
