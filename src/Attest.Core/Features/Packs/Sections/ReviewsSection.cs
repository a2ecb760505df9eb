using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Packs;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/reviews.json</c>: every release review of the system — stage, who requested it, the sign-offs by
/// specialty (who, when, verdict, rationale), the decision (go / no-go / conditional go, rationale, who decided) with
/// its conditions (owner, due day, requirements answered) and the state of the action following each up. The request,
/// each sign-off and the decision name the ledger entry that recorded them (<see cref="GovernanceRecords"/>).
/// </summary>
public sealed class ReviewsSection(AttestDbContext db, TimeProvider time) : IPackSection
{
    public int Order => 50;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.Assignments).Include(r => r.SignOffs).Include(r => r.Actions)
            .Where(r => r.SystemId == system.Id).ToListAsync(ct);
        if (reviews.Count == 0) return [];
        var ledger = await GovernanceLedger.LoadAsync(db, system.Id, GovernanceRecords.RecordKeys[GovernanceRecords.Reviews], ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var records = reviews.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => Record(r, ledger, today));
        return [GovernanceLedger.File(GovernanceRecords.Reviews, "attest.governance.reviews/v1", system.Id, records)];
    }

    private static JsonNode Record(Review review, GovernanceLedger ledger, DateOnly today)
    {
        var dto = ReviewViews.ToDto(review);
        var record = new JsonObject
        {
            ["id"] = review.Id,
            ["stage"] = WireName.Of(review.Stage),
            ["model_version"] = review.ModelVersionLabel,
            ["tier"] = WireName.Of(review.Tier),
            ["status"] = WireName.Of(review.Status),
            ["requested_by"] = review.RequestedBy,
            ["requested_at"] = review.RequestedAt,
            ["due_on"] = GovernanceLedger.Day(review.DueOn),
            ["reviewers"] = new JsonArray([.. dto.Assignments.Select(a => (JsonNode)GovernanceLedger.Node(a))]),
            ["requested"] = GovernanceLedger.RecordedAs(new JsonObject
            {
                ["stage"] = WireName.Of(review.Stage),
                ["model_version"] = review.ModelVersionLabel,
                ["tier"] = WireName.Of(review.Tier),
                ["due_on"] = GovernanceLedger.Day(review.DueOn),
            }, ledger.Latest(review.Id, LedgerActions.ReviewRequested.Name)),
            ["sign_offs"] = SignOffs(review, ledger),
            ["decision"] = Decision(review, ledger, today),
            ["lapsed_at"] = review.LapsedAt,
            ["lapsed_by_assessment"] = review.LapsedByAssessment,
            [GovernanceRecords.LedgerProperty] = ledger.Refs(review.Id),
        };
        return record;
    }

    // Each sign-off is paired with the first unused entry that recorded the same specialty, verdict and rationale.
    private static JsonArray SignOffs(Review review, GovernanceLedger ledger)
    {
        var entries = ledger.Of(review.Id).Where(e => e.Entry.Action == LedgerActions.ReviewSignedOff.Name).ToList();
        var signOffs = new JsonArray();
        foreach (var s in ReviewViews.Ordered(review.SignOffs))
        {
            var decision = WireName.Of(s.Decision);
            var match = entries.FindIndex(e => Text(e.Payload, "specialty") == s.Specialty && Text(e.Payload, "decision") == decision && Text(e.Payload, "rationale") == s.Rationale);
            LedgerEntry? entry = null;
            if (match >= 0)
            {
                entry = entries[match].Entry;
                entries.RemoveAt(match);
            }
            signOffs.Add(GovernanceLedger.RecordedAs(new JsonObject
            {
                ["id"] = s.Id,
                ["specialty"] = s.Specialty,
                ["decision"] = decision,
                ["rationale"] = s.Rationale,
                ["signed_by"] = s.SignedBy,
                ["signed_at"] = s.SignedAt,
            }, entry));
        }
        return signOffs;
    }

    private static JsonObject? Decision(Review review, GovernanceLedger ledger, DateOnly today)
    {
        if (review.Decision is not { } decision) return null;
        var actions = review.Actions.OrderBy(a => a.Sequence).ToList();
        return GovernanceLedger.RecordedAs(new JsonObject
        {
            ["decision"] = WireName.Of(decision),
            ["rationale"] = review.DecisionRationale,
            ["decided_by"] = review.DecidedBy,
            ["decided_at"] = review.DecidedAt,
            // As recorded: description, owner, due day and the unmet requirements each answers.
            ["conditions"] = JsonNode.Parse(review.ConditionsJson),
            ["condition_follow_up"] = new JsonArray([.. actions.Select(a => (JsonNode)new JsonObject
            {
                ["action_id"] = a.Id,
                ["description"] = a.Description,
                ["owner"] = a.Owner,
                ["due_on"] = GovernanceLedger.Day(a.DueOn),
                ["status"] = WireName.Of(a.Status),
                ["overdue"] = a.Status == TrackedActionStatus.Open && a.DueOn < today,
                ["completed_by"] = a.CompletedBy,
                ["completed_at"] = a.CompletedAt,
                ["completion_note"] = a.CompletionNote,
            })]),
            ["residual_risk_accepted_by"] = review.ResidualRiskAcceptedBy,
            ["pinned_sha256"] = review.PinnedGateSha256,
        }, ledger.Latest(review.Id, LedgerActions.ReviewDecided.Name));
    }

    private static string? Text(JsonObject payload, string name) => payload[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
