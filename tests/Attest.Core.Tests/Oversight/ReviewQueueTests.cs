using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Tests.Oversight;

/// <summary>The review queue: claims that expire, resolutions that are final, appeals that reopen, and who may do what.</summary>
public sealed class ReviewQueueTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await OversightScenario.CreateAsync();
        await _s.PolicyInForceAsync();
    }

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<Result<ReviewItemDto>> ClaimAsync(string item, CallerIdentity by) => _s.Db.Get<ClaimReviewItem>().ExecuteAsync(item, by, Ct);

    private Task<Result<ReviewItemDto>> ResolveAsync(string item, CallerIdentity by, ReviewOutcome outcome, string? final = null, string? rationale = null) =>
        _s.Db.Get<ResolveReviewItem>().ExecuteAsync(item, new ResolveInput
        {
            Outcome = outcome,
            FinalOutput = final is null ? null : JsonSerializer.SerializeToElement(final),
            Rationale = rationale,
        }, by, Ct);

    private async Task<string> PendingItemAsync(string externalId = "cv-1", string output = "reject")
    {
        var result = await _s.LogOneAsync(OversightScenario.Decision(externalId, output, 0.95));
        return result.QueueItem!;
    }

    [Fact]
    public async Task I_can_claim_and_override_a_decision_and_the_resolution_is_final()
    {
        var item = await PendingItemAsync();
        var claimed = (await ClaimAsync(item, OversightScenario.Rita)).Value!;
        (claimed.State, claimed.ClaimedBy).ShouldBe((ReviewItemState.Claimed, "user:rita"));
        claimed.Reasons.ShouldBe(["rejections", "ungoverned"]);
        claimed.Output.GetString().ShouldBe("reject");
        claimed.Factors.GetProperty("skills_match").GetDouble().ShouldBe(0.7);

        (await ClaimAsync(item, OversightScenario.Raj)).Kind.ShouldBe(ResultKind.Conflict);
        var leased = await ResolveAsync(item, OversightScenario.Raj, ReviewOutcome.Confirmed);
        leased.Kind.ShouldBe(ResultKind.Conflict);
        leased.Message!.ShouldContain("claimed by user:rita");

        (await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Overridden, final: "shortlist")).Errors.Keys.ShouldBe(["rationale"]);
        (await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Overridden, rationale: "why")).Errors.Keys.ShouldBe(["final_output"]);
        var same = await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Overridden, final: "reject", rationale: "why");
        (same.Kind, same.Errors.Keys.Single()).ShouldBe((ResultKind.Invalid, "final_output"));

        _s.Db.Clock.Advance(TimeSpan.FromMinutes(5));
        var resolved = (await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Overridden, "shortlist", "Nine years in a related role: meets the must-haves.")).Value!;
        (resolved.State, resolved.Outcome, resolved.FinalOutput!.Value.GetString(), resolved.WithinSla).ShouldBe((ReviewItemState.Overridden, ReviewOutcome.Overridden, "shortlist", true));

        var again = await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Confirmed);
        again.Kind.ShouldBe(ResultKind.Conflict);
        again.Message!.ShouldContain("already resolved");
        await using var db = _s.Db.NewContext();
        (await db.Ledger.Where(e => e.Action.StartsWith("oversight.")).OrderBy(e => e.Seq).Select(e => e.Action).ToListAsync(Ct))
            .ShouldBe(["oversight.item_claimed", "oversight.item_resolved"]);
        var decision = (await _s.Db.Get<GetDecision>().ExecuteAsync((await db.ReviewItems.SingleAsync(Ct)).DecisionId, Ct)).Value!;
        (decision.ReviewState, decision.FinalOutput!.Value.GetString(), decision.HasAttributes).ShouldBe((ReviewItemState.Overridden, "shortlist", true));
    }

    [Fact]
    public async Task A_claim_runs_out_and_returns_the_item_to_pending_and_an_unresolved_item_expires()
    {
        var item = await PendingItemAsync();
        (await ClaimAsync(item, OversightScenario.Rita)).IsOk.ShouldBeTrue();
        _s.Db.Clock.Advance(TimeSpan.FromMinutes(31));
        (await _s.Db.Get<GetReviewItem>().ExecuteAsync(item, Ct)).Value!.State.ShouldBe(ReviewItemState.Pending);
        (await ClaimAsync(item, OversightScenario.Raj)).Value!.ClaimedBy.ShouldBe("user:raj");

        var other = await PendingItemAsync("cv-2");
        _s.Db.Clock.Advance(TimeSpan.FromDays(31));
        (await _s.Db.Get<GetReviewItem>().ExecuteAsync(other, Ct)).Value!.State.ShouldBe(ReviewItemState.Expired);
        (await ClaimAsync(other, OversightScenario.Rita)).Kind.ShouldBe(ResultKind.Conflict);
        var expired = (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(State: "expired"), ReadScope.Everything, Ct)).Value!;
        expired.Items.Select(i => i.Id).ShouldBe([item, other], ignoreOrder: true);
    }

    [Fact]
    public async Task An_unclaimed_item_can_be_confirmed_at_once()
    {
        var item = await PendingItemAsync();
        var confirmed = (await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Confirmed)).Value!;
        (confirmed.State, confirmed.FinalOutput!.Value.GetString()).ShouldBe((ReviewItemState.Confirmed, "reject"));
        await using var db = _s.Db.NewContext();
        (await db.ReviewItems.SingleAsync(Ct)).ReviewStartedAt.ShouldBeNull("no review time without a claim");
    }

    [Fact]
    public async Task The_service_identity_and_the_systems_business_owner_cannot_review_its_decisions()
    {
        var item = await PendingItemAsync();
        (await ClaimAsync(item, _s.Service)).Kind.ShouldBe(ResultKind.Forbidden);
        var dana = new CallerIdentity(new Actor("user:dana.k", "Dana Kim"), [Engine.Access.Roles.Reviewer], [], null, "dana.k");
        var refused = await ResolveAsync(item, dana, ReviewOutcome.Confirmed);
        refused.Kind.ShouldBe(ResultKind.Forbidden);
        refused.Message!.ShouldContain("product owner");
        (await ClaimAsync(item, Actors.Dana)).Kind.ShouldBe(ResultKind.Forbidden, "Dana the administrator is the system's business owner too");
    }

    [Fact]
    public async Task An_appeal_reopens_a_resolved_decision_without_changing_the_resolution()
    {
        var item = await PendingItemAsync();
        (await ResolveAsync(item, OversightScenario.Rita, ReviewOutcome.Confirmed)).IsOk.ShouldBeTrue();
        await using var db = _s.Db.NewContext();
        var decisionId = (await db.ReviewItems.SingleAsync(Ct)).DecisionId;
        var appeal = await _s.Db.Get<AppealDecision>().ExecuteAsync(decisionId, new AppealInput { Reason = "The applicant says her degree was not read." }, _s.Service, Ct);
        appeal.IsOk.ShouldBeTrue(appeal.Message);
        (appeal.Value!.Reasons.Single(), appeal.Value.PreviousItem, appeal.Value.State).ShouldBe(("appeal", item, ReviewItemState.Pending));
        (await _s.Db.Get<AppealDecision>().ExecuteAsync(decisionId, new AppealInput { Reason = "again" }, _s.Service, Ct)).Kind.ShouldBe(ResultKind.Conflict);
        (await _s.Db.Get<AppealDecision>().ExecuteAsync(decisionId, new AppealInput(), _s.Service, Ct)).Errors.Keys.ShouldBe(["reason"]);
        var first = (await _s.Db.Get<GetReviewItem>().ExecuteAsync(item, Ct)).Value!;
        first.State.ShouldBe(ReviewItemState.Confirmed, "the first resolution stands");
    }

    [Fact]
    public async Task The_queue_lists_open_items_most_urgent_first_and_filters_by_system_rule_and_due_time()
    {
        var low = await _s.LogOneAsync(OversightScenario.Decision("q1", "shortlist", 0.5));   // low-confidence (4h, high) + ungoverned
        var reject = await _s.LogOneAsync(OversightScenario.Decision("q2", "reject", 0.95));  // rejections (1d) + ungoverned
        var page = (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(), ReadScope.Everything, Ct)).Value!;
        page.Items.Select(i => i.Decision).ShouldBe([low.Id, reject.Id]);
        page.Total.ShouldBe(2);
        (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(Rule: "rejections"), ReadScope.Everything, Ct)).Value!.Items.Single().Decision.ShouldBe(reject.Id);
        (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(DueBefore: _s.Db.Clock.GetUtcNow().AddHours(5)), ReadScope.Everything, Ct)).Value!.Items.Single().Decision.ShouldBe(low.Id);
        (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(System: "credit-scoring"), ReadScope.Everything, Ct)).Kind.ShouldBe(ResultKind.NotFound);
        (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(State: "later"), ReadScope.Everything, Ct)).Errors.Keys.ShouldBe(["state"]);
        _s.Db.Clock.Advance(TimeSpan.FromHours(5));
        (await _s.Db.Get<ListReviewQueue>().ExecuteAsync(new ReviewQueueQuery(), ReadScope.Everything, Ct)).Value!.Overdue.ShouldBe(1);
    }
}
