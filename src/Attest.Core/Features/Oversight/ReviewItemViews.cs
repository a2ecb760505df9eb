using System.Linq.Expressions;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Engine.Access;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>A review item as a reviewer sees it: the decision's output, confidence, factors, features and reasons, the SLA — never the protected attributes.</summary>
public sealed record ReviewItemDto(
    string Id,
    string Decision,
    string SystemId,
    string System,
    string SystemName,
    ReviewItemState State,
    IReadOnlyList<string> Reasons,
    ReviewPriority Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    DateTimeOffset ExpiresAt,
    string? ClaimedBy,
    string? ClaimedByName,
    DateTimeOffset? LeaseExpiresAt,
    string ModelVersion,
    DateTimeOffset OccurredAt,
    JsonElement Output,
    double? Confidence,
    JsonElement Factors,
    JsonElement Features,
    bool Ungoverned,
    ReviewOutcome? Outcome,
    JsonElement? FinalOutput,
    string? Rationale,
    string? ResolvedBy,
    string? ResolvedByName,
    DateTimeOffset? ResolvedAt,
    bool? WithinSla,
    string? AppealReason,
    string? AppealedBy,
    string? PreviousItem,
    int Version);

/// <summary>A page of the review queue.</summary>
public sealed record ReviewQueuePage(IReadOnlyList<ReviewItemDto> Items, int Total, int Page, int PageSize, int Overdue);

/// <summary>What a review item's state is at a moment: a claim runs out, an unresolved item expires.</summary>
public static class ReviewItemStates
{
    /// <summary>The state filters the queue accepts: the five states, plus open (pending or claimed), resolved and all.</summary>
    public static readonly IReadOnlyList<string> Filters = ["open", "pending", "claimed", "confirmed", "overridden", "expired", "resolved", "all"];

    public static ReviewItemState Effective(ReviewItem item, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.State is ReviewItemState.Confirmed or ReviewItemState.Overridden) return item.State;
        if (item.ExpiresAt <= now) return ReviewItemState.Expired;
        return item.State == ReviewItemState.Claimed && item.LeaseExpiresAt > now ? ReviewItemState.Claimed : ReviewItemState.Pending;
    }

    /// <summary>The same, in SQL: items in <paramref name="filter"/> state at <paramref name="now"/>.</summary>
    public static Expression<Func<ReviewItem, bool>> Filter(string filter, DateTimeOffset now) => filter switch
    {
        "pending" => i => (i.State == ReviewItemState.Pending || (i.State == ReviewItemState.Claimed && i.LeaseExpiresAt <= now)) && i.ExpiresAt > now,
        "claimed" => i => i.State == ReviewItemState.Claimed && i.LeaseExpiresAt > now && i.ExpiresAt > now,
        "confirmed" => i => i.State == ReviewItemState.Confirmed,
        "overridden" => i => i.State == ReviewItemState.Overridden,
        "expired" => i => (i.State == ReviewItemState.Pending || i.State == ReviewItemState.Claimed) && i.ExpiresAt <= now,
        "resolved" => i => i.State == ReviewItemState.Confirmed || i.State == ReviewItemState.Overridden,
        "all" => i => true,
        _ => i => (i.State == ReviewItemState.Pending || i.State == ReviewItemState.Claimed) && i.ExpiresAt > now,
    };

    public static bool IsOpen(ReviewItemState state) => state is ReviewItemState.Pending or ReviewItemState.Claimed;
}

internal static class ReviewItemViews
{
    public static async Task<IReadOnlyList<ReviewItemDto>> ToDtosAsync(AttestDbContext db, HistoryNamesFor names, IReadOnlyList<ReviewItem> items, DateTimeOffset now, CancellationToken ct)
    {
        if (items.Count == 0) return [];
        var decisionIds = items.Select(i => i.DecisionId).Distinct().ToList();
        var decisions = await db.Decisions.AsNoTracking().Where(d => decisionIds.Contains(d.Id))
            .Select(d => new { d.Id, d.ModelVersionLabel, d.OccurredAt, d.Output, d.OutputIsNumber, d.Confidence, d.FactorsJson, d.FeaturesJson, d.Ungoverned })
            .ToDictionaryAsync(d => d.Id, ct);
        var systemIds = items.Select(i => i.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => new { s.Slug, s.Name }, ct);
        var actors = await names.ActorsAsync(items.SelectMany(i => new[] { i.ClaimedBy, i.ResolvedBy }).OfType<string>().Distinct().ToList(), ct);
        return items.Select(i =>
        {
            var d = decisions[i.DecisionId];
            var s = systems[i.SystemId];
            var state = ReviewItemStates.Effective(i, now);
            var claimed = state == ReviewItemState.Claimed;
            return new ReviewItemDto(i.Id, i.DecisionId, i.SystemId, s.Slug, s.Name, state, IngestDecisions.Reasons(i.ReasonsJson), i.Priority, i.CreatedAt, i.DueAt,
                ReviewItemStates.IsOpen(state) && i.DueAt <= now, i.ExpiresAt,
                claimed ? i.ClaimedBy : null, claimed && i.ClaimedBy is { } c ? actors.GetValueOrDefault(c, c) : null, claimed ? i.LeaseExpiresAt : null,
                d.ModelVersionLabel, d.OccurredAt, DecisionViews.Output(d.Output, d.OutputIsNumber), d.Confidence, DecisionViews.Json(d.FactorsJson), DecisionViews.Json(d.FeaturesJson), d.Ungoverned,
                i.Outcome, i.FinalOutput is null ? null : DecisionViews.Output(i.FinalOutput, i.FinalOutputIsNumber), i.Rationale,
                i.ResolvedBy, i.ResolvedBy is { } r ? actors.GetValueOrDefault(r, r) : null, i.ResolvedAt, i.ResolvedAt is { } at ? at <= i.DueAt : null,
                i.AppealReason, i.AppealedBy, i.PreviousItemId, i.Version);
        }).ToList();
    }
}

/// <summary>Names of actors ("user:lena.fischer" → "Lena Fischer (AI governance lead)"), as the history shows them.</summary>
internal sealed class HistoryNamesFor(AttestDbContext db)
{
    public Task<Dictionary<string, string>> ActorsAsync(IReadOnlyList<string> ids, CancellationToken ct) =>
        ids.Count == 0 ? Task.FromResult(new Dictionary<string, string>(StringComparer.Ordinal)) : Ledger.HistoryNames.ActorsAsync(db, ids, ct);
}

/// <summary>Separation of duties for reviewing a system's decisions, with the facts gathered from the database.</summary>
internal static class OversightDuties
{
    public static async Task<string?> RefusalAsync(AttestDbContext db, Governance.CallerIdentity caller, AiSystem system, CancellationToken ct)
    {
        var names = new List<string> { caller.Actor.DisplayName };
        if (caller.UserId is { } userId && await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.UserName, u.DisplayName, u.Email }).FirstOrDefaultAsync(ct) is { } user)
        {
            names.Add(user.UserName);
            names.Add(user.DisplayName);
            if (user.Email is not null) names.Add(user.Email);
        }
        var owners = await db.SystemMembers.AsNoTracking().Where(m => m.SystemId == system.Id && m.Role == Roles.ProductOwner).Select(m => m.UserId).ToListAsync(ct);
        var reviewer = new DutyHolder(caller.Actor.Id, caller.Roles) { UserId = caller.UserId, ScopedSystemId = caller.SystemId, Names = names };
        return SeparationOfDuties.CheckOversightReview(reviewer, new OversightTeam(system.Id, system.BusinessOwner, owners));
    }
}

/// <summary>The ledger entry a governed change just recorded (not yet committed): its sequence number goes on the row it is about.</summary>
internal static class PendingLedger
{
    public static long LastSeq(AttestDbContext db) =>
        db.ChangeTracker.Entries<LedgerEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).MaxBy(e => e.Seq)?.Seq
        ?? throw new InvalidOperationException("No ledger entry was recorded in this change.");
}
