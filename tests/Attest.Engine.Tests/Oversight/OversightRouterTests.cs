using System.Security.Cryptography;
using System.Text;
using Attest.Engine.Oversight;

namespace Attest.Engine.Tests.Oversight;

/// <summary>The routing function, condition by condition at its boundaries, and the policy as a whole.</summary>
public sealed class OversightRouterTests
{
    private static readonly string Digest = new('0', 64);

    private static DecisionFacts Facts(string output = "approve", double? confidence = 0.9, bool ungoverned = false, string? digest = null,
        Dictionary<string, double>? factors = null, Dictionary<string, FeatureValue>? features = null) =>
        new(output, confidence, factors ?? [], features ?? [], digest ?? Digest, ungoverned);

    private static OversightPolicy Policy(params OversightRule[] rules) => new(["ATT-OVS-01"], false, rules);

    private static OversightRule Rule(string id, RuleConditions when, string sla = "4h", ReviewPriority priority = ReviewPriority.Normal) =>
        new(id, when, ReviewDuration.Parse(sla)!.Value, priority);

    [Fact]
    public void Without_a_policy_in_force_every_decision_goes_to_a_person()
    {
        var result = OversightRouter.Route(null, Facts(confidence: 1.0));
        result.Route.ShouldBe(DecisionRoute.HumanReview);
        result.Reasons.ShouldBe(["no_policy_in_force"]);
        result.Sla.ShouldBe(TimeSpan.FromDays(1));
    }

    [Fact]
    public void A_policy_with_no_rule_that_fires_routes_automatically()
    {
        var result = OversightRouter.Route(Policy(Rule("low", new RuleConditions { ConfidenceBelow = new(0.5, new Dictionary<string, double>()) })), Facts(confidence: 0.9));
        result.Route.ShouldBe(DecisionRoute.Auto);
        result.Reasons.ShouldBeEmpty();
        result.Sla.ShouldBeNull();
    }

    [Theory]
    [InlineData(0.79, true)]
    [InlineData(0.7999999, true)]
    [InlineData(0.8, false)] // below, not at
    [InlineData(0.81, false)]
    [InlineData(0.0, true)]
    [InlineData(1.0, false)]
    [InlineData(null, true)] // no confidence: nothing shows the model was sure
    public void Confidence_below_fires_strictly_below_the_threshold(double? confidence, bool fires) =>
        OversightRouter.Fires(new RuleConditions { ConfidenceBelow = new(0.8, new Dictionary<string, double>()) }, Facts(confidence: confidence)).ShouldBe(fires);

    [Theory]
    [InlineData("reject", 0.85, true)]   // reject needs 0.9
    [InlineData("reject", 0.9, false)]
    [InlineData("approve", 0.65, true)]  // approve needs 0.7
    [InlineData("approve", 0.75, false)]
    [InlineData("refer", 0.1, false)]    // no threshold for refer, no default
    public void Confidence_thresholds_can_differ_per_output(string output, double confidence, bool fires) =>
        OversightRouter.Fires(new RuleConditions { ConfidenceBelow = new(null, new Dictionary<string, double> { ["reject"] = 0.9, ["approve"] = 0.7 }) },
            Facts(output, confidence)).ShouldBe(fires);

    [Fact]
    public void A_default_threshold_covers_outputs_without_their_own()
    {
        var when = new RuleConditions { ConfidenceBelow = new(0.6, new Dictionary<string, double> { ["reject"] = 0.9 }) };
        OversightRouter.Fires(when, Facts("refer", 0.55)).ShouldBeTrue();
        OversightRouter.Fires(when, Facts("refer", 0.65)).ShouldBeFalse();
        OversightRouter.Fires(when, Facts("reject", 0.65)).ShouldBeTrue();
    }

    [Theory]
    [InlineData("reject", true)]
    [InlineData("refer", true)]
    [InlineData("approve", false)]
    [InlineData("Reject", false)] // outputs compare exactly
    public void Output_in_sends_high_impact_outcomes_to_a_person(string output, bool fires) =>
        OversightRouter.Fires(new RuleConditions { OutputIn = new HashSet<string> { "reject", "refer" } }, Facts(output)).ShouldBe(fires);

    [Theory]
    [InlineData(-1.0, true)]
    [InlineData(0.0, false)]
    [InlineData(1000000.0, false)]
    [InlineData(1000000.5, true)]
    [InlineData(500.0, false)]
    public void Feature_outside_fires_outside_the_inclusive_validated_range(double income, bool fires) =>
        OversightRouter.Fires(new RuleConditions { FeatureOutside = new Dictionary<string, ValidatedRange> { ["income"] = new(0, 1_000_000) } },
            Facts(features: new() { ["income"] = FeatureValue.Of(income) })).ShouldBe(fires);

    [Fact]
    public void A_missing_or_non_numeric_feature_is_outside_what_was_validated()
    {
        var when = new RuleConditions { FeatureOutside = new Dictionary<string, ValidatedRange> { ["income"] = new(0, 1_000_000) } };
        OversightRouter.Fires(when, Facts()).ShouldBeTrue();
        OversightRouter.Fires(when, Facts(features: new() { ["income"] = FeatureValue.Of("unknown") })).ShouldBeTrue();
    }

    [Fact]
    public void Any_listed_feature_or_factor_fires_its_condition()
    {
        var ranges = new RuleConditions { FeatureOutside = new Dictionary<string, ValidatedRange> { ["age"] = new(18, 100), ["income"] = new(0, 10) } };
        OversightRouter.Fires(ranges, Facts(features: new() { ["age"] = FeatureValue.Of(30), ["income"] = FeatureValue.Of(11) })).ShouldBeTrue();
        OversightRouter.Fires(ranges, Facts(features: new() { ["age"] = FeatureValue.Of(30), ["income"] = FeatureValue.Of(5) })).ShouldBeFalse();
        var factors = new RuleConditions { FactorAbove = new Dictionary<string, double> { ["fraud_score"] = 0.95, ["velocity"] = 10 } };
        OversightRouter.Fires(factors, Facts(factors: new() { ["fraud_score"] = 0.5, ["velocity"] = 11 })).ShouldBeTrue();
        OversightRouter.Fires(factors, Facts(factors: new() { ["fraud_score"] = 0.5, ["velocity"] = 10 })).ShouldBeFalse();
    }

    [Theory]
    [InlineData(0.951, true)]
    [InlineData(0.95, false)] // above, not at
    [InlineData(0.2, false)]
    [InlineData(null, false)] // an absent factor is not above anything
    public void Factor_above_fires_strictly_above_the_threshold(double? score, bool fires) =>
        OversightRouter.Fires(new RuleConditions { FactorAbove = new Dictionary<string, double> { ["fraud_score"] = 0.95 } },
            Facts(factors: score is { } s ? new() { ["fraud_score"] = s } : [])).ShouldBe(fires);

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    public void Ungoverned_matches_whether_the_model_version_had_an_approval_in_force(bool condition, bool ungoverned, bool fires) =>
        OversightRouter.Fires(new RuleConditions { Ungoverned = condition }, Facts(ungoverned: ungoverned)).ShouldBe(fires);

    [Fact]
    public void The_conditions_of_one_rule_must_all_hold()
    {
        var when = new RuleConditions { OutputIn = new HashSet<string> { "approve" }, ConfidenceBelow = new(0.9, new Dictionary<string, double>()) };
        OversightRouter.Fires(when, Facts("approve", 0.8)).ShouldBeTrue();
        OversightRouter.Fires(when, Facts("approve", 0.95)).ShouldBeFalse();
        OversightRouter.Fires(when, Facts("reject", 0.8)).ShouldBeFalse();
        OversightRouter.Fires(new RuleConditions(), Facts()).ShouldBeFalse("a rule without conditions never fires");
    }

    [Fact]
    public void Every_fired_rule_is_a_reason_in_policy_order_with_the_shortest_SLA_and_highest_priority()
    {
        var policy = Policy(
            Rule("declines", new RuleConditions { OutputIn = new HashSet<string> { "reject" } }, "2d", ReviewPriority.Normal),
            Rule("unsure", new RuleConditions { ConfidenceBelow = new(0.8, new Dictionary<string, double>()) }, "4h", ReviewPriority.High),
            Rule("not-me", new RuleConditions { Ungoverned = true }, "30m", ReviewPriority.Critical));
        var result = OversightRouter.Route(policy, Facts("reject", 0.5));
        result.Route.ShouldBe(DecisionRoute.HumanReview);
        result.Reasons.ShouldBe(["declines", "unsure"]);
        result.Sla.ShouldBe(TimeSpan.FromHours(4));
        result.Priority.ShouldBe(ReviewPriority.High);
    }

    [Fact]
    public void Sampling_is_deterministic_on_the_input_digest_and_draws_the_rate()
    {
        var when = new RuleConditions { SampleRate = 0.02 };
        var digests = Enumerable.Range(0, 100_000).Select(i => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"input {i}")))).ToList();
        var first = digests.Select(d => OversightRouter.Fires(when, Facts(digest: d))).ToList();
        var second = digests.Select(d => OversightRouter.Fires(when, Facts(digest: d))).ToList();
        second.ShouldBe(first, "the same input always gets the same answer");
        // 2% of 100,000: the binomial standard deviation is about 44, so 2,000 ± 250 holds with overwhelming probability.
        first.Count(x => x).ShouldBeInRange(1750, 2250);
    }

    [Theory]
    [InlineData("0000000000000000" + "ffffffffffffffffffffffffffffffffffffffffffffffff", 0.02, true)]
    [InlineData("051eb851eb851ebf" + "000000000000000000000000000000000000000000000000", 0.02, true)]  // just below (ulong)(0.02 · 2^64) = 0x051eb851eb851ec0
    [InlineData("051eb851eb851ec0" + "000000000000000000000000000000000000000000000000", 0.02, false)] // at it: not below
    [InlineData("ffffffffffffffff" + "000000000000000000000000000000000000000000000000", 1.0, true)]
    [InlineData("0000000000000000" + "000000000000000000000000000000000000000000000000", 0.0, false)]
    public void The_sample_compares_the_digest_prefix_with_the_rate(string digest, double rate, bool sampled) =>
        OversightRouter.Sampled(digest, rate).ShouldBe(sampled);
}
