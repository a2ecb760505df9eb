using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;

namespace Attest.Core.Tests.Oversight;

/// <summary>Oversight analytics over a small, hand-counted history.</summary>
public sealed class OversightMetricsTests : IAsyncLifetime
{
    private OversightScenario _s = null!;

    public async ValueTask InitializeAsync()
    {
        _s = await OversightScenario.CreateAsync();
        await _s.PolicyInForceAsync();
    }

    public async ValueTask DisposeAsync() => await _s.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rates_SLA_times_reviewers_rules_and_override_directions_are_counted()
    {
        // Ten decisions: 4 rejections (rule rejections), 1 low confidence, all ungoverned (rule ungoverned) → every one reviewed.
        var results = new List<DecisionResultDto>();
        for (var i = 0; i < 10; i++)
            results.Add(await _s.LogOneAsync(OversightScenario.Decision($"m{i}", i < 4 ? "reject" : "shortlist", i == 4 ? 0.5 : 0.95)));
        async Task Resolve(int i, CallerIdentity by, ReviewOutcome outcome, string? final = null, bool claim = true)
        {
            if (claim) (await _s.Db.Get<ClaimReviewItem>().ExecuteAsync(results[i].QueueItem!, by, Ct)).IsOk.ShouldBeTrue();
            _s.Db.Clock.Advance(TimeSpan.FromMinutes(10));
            var r = await _s.Db.Get<ResolveReviewItem>().ExecuteAsync(results[i].QueueItem!, new ResolveInput
            {
                Outcome = outcome,
                FinalOutput = final is null ? null : JsonSerializer.SerializeToElement(final),
                Rationale = final is null ? null : "Reviewed the CV.",
            }, by, Ct);
            r.IsOk.ShouldBeTrue(r.Message);
        }
        await Resolve(0, OversightScenario.Rita, ReviewOutcome.Overridden, "shortlist");
        await Resolve(1, OversightScenario.Rita, ReviewOutcome.Confirmed);
        await Resolve(4, OversightScenario.Raj, ReviewOutcome.Confirmed, claim: false);
        _s.Db.Clock.Advance(TimeSpan.FromDays(3)); // past every SLA (4h, 1d, 2d)
        await Resolve(2, OversightScenario.Raj, ReviewOutcome.Confirmed);

        var m = (await _s.Db.Get<GetOversightMetrics>().ExecuteAsync(OversightScenario.Slug, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), Ct)).Value!;
        (m.Decisions, m.HumanReview, m.HumanReviewRate, m.Ungoverned).ShouldBe((10, 10, 1.0, 10));
        (m.Resolved, m.Confirmed, m.Overridden, m.OverrideRate).ShouldBe((4, 3, 1, 0.25));
        (m.Open, m.Overdue, m.Expired).ShouldBe((6, 6, 0));
        // Resolved in time: items 0, 1, 4 (10-30 minutes); item 2 after three days; six open ones are overdue.
        m.SlaAttainment.ShouldBe(3.0 / 10);
        m.MedianTimeToResolveSeconds.ShouldNotBeNull();
        m.ByRule.Single(r => r.Rule == "rejections").ShouldBe(new RuleOversight("rejections", 4, 3, 1, 1.0 / 3));
        m.ByRule.Single(r => r.Rule == "ungoverned").Fired.ShouldBe(10);
        m.ByReviewer.Single(r => r.Reviewer == "user:rita").ShouldBe(new ReviewerOversight("user:rita", "user:rita", 2, 1, 1, 0.5, 600, 0, false));
        m.ByReviewer.Single(r => r.Reviewer == "user:raj").UnclaimedResolutions.ShouldBe(1);
        m.OverridesByDirection.ShouldBe([new OverrideDirection("reject", "shortlist", 1)]);
        m.ByModelVersion.Single().ModelVersion.ShouldBe("cv-ranker@1.0");
        m.Daily.Single().Decisions.ShouldBe(10);
    }
}
