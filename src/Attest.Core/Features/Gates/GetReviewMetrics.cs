using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The review board's health: open and overdue reviews, and the waiver dependency rate — the share of approved
/// (go or conditional go) high- and critical-tier releases whose gate verdict, as pinned at decision time, relied on a waiver.
/// </summary>
public sealed record ReviewMetricsView(int OpenReviews, int OverdueReviews, int ApprovedHighRiskReleases, int RelyingOnWaivers, double? WaiverDependencyRate);

public sealed class GetReviewMetrics(AttestDbContext db, TimeProvider time)
{
    public async Task<ReviewMetricsView> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        ArgumentNullException.ThrowIfNull(scope);
        var reviews = scope.Filter(db.Reviews.AsNoTracking(), r => r.SystemId);
        var open = await reviews.Where(r => r.Status == ReviewStatus.Open).Select(r => r.DueOn).ToListAsync(ct);
        var approved = await reviews
            .Where(r => r.Status == ReviewStatus.Decided && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo)
                && (r.Tier == RiskTier.High || r.Tier == RiskTier.Critical))
            .Select(r => r.PinnedGateJson).ToListAsync(ct);
        var relying = approved.Count(ReliesOnWaivers);
        return new ReviewMetricsView(open.Count, open.Count(d => d < today), approved.Count, relying,
            approved.Count == 0 ? null : (double)relying / approved.Count);
    }

    /// <summary>Whether the gate verdict pinned at decision time relied on a waiver (the waiver dependency definition; the KPIs read it too).</summary>
    public static bool ReliesOnWaivers(string? pinnedGateJson) =>
        pinnedGateJson is not null && JsonNode.Parse(pinnedGateJson)?["gate"]?["relies_on_waivers"]?.GetValue<bool>() == true;
}
