using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Engine.Tests.Evaluation;

public sealed class PolicyEvaluatorTests
{
    // group a: 40 rows, selection 0.5; group b: 60 rows, selection 0.25 → demographic parity ratio 0.5
    private static FairnessReport Report(int resamples = 0)
    {
        var y = new int[100];
        var pred = Enumerable.Range(0, 100).Select(i => i < 40 ? (i % 2) : (i % 4 == 0 ? 1 : 0)).ToArray();
        var groups = Enumerable.Range(0, 100).Select(i => i < 40 ? "a" : "b").ToArray();
        return FairnessEvaluator.Evaluate(Rows.Input(y, pred, [groups]),
            new FairnessOptions { BootstrapResamples = resamples, Random = resamples > 0 ? new Random(1) : null });
    }

    private static PolicyRule Rule(string metric, PolicyComparator comparator, double threshold, string? feature = "f0",
        PolicyJudgement judge = PolicyJudgement.Point, long minN = 0, string? group = null) =>
        new("r", metric, feature, group, comparator, threshold, judge, minN);

    [Fact]
    public void A_disparity_rule_passes_or_fails_on_the_point_value()
    {
        var report = Report();
        report.Features[0].Disparities[MetricNames.DemographicParityRatio].ShouldBe(0.5);
        PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.GreaterOrEqual, 0.5)], report).Passed.ShouldBeTrue();
        var failed = PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.GreaterOrEqual, 0.8)], report);
        failed.Passed.ShouldBeFalse();
        failed.Outcomes.Single().Reason.ShouldBe("value 0.5 violates >= 0.8");
    }

    [Fact]
    public void A_ci_rule_judges_the_conservative_bound()
    {
        var report = Report(resamples: 500);
        var ci = report.Features[0].DisparityIntervals[MetricNames.DemographicParityRatio];
        var atLeast = PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.GreaterOrEqual, 0.3, judge: PolicyJudgement.ConfidenceBound)], report);
        atLeast.Outcomes.Single().Value.ShouldBe(ci.Lower);
        var atMost = PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.LessOrEqual, 0.9, judge: PolicyJudgement.ConfidenceBound)], report);
        atMost.Outcomes.Single().Value.ShouldBe(ci.Upper);
    }

    [Fact]
    public void A_ci_rule_without_bootstrap_fails_rather_than_passing_unmeasured()
    {
        var outcome = PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.GreaterOrEqual, 0.1, judge: PolicyJudgement.CiLower)], Report()).Outcomes.Single();
        outcome.Status.ShouldBe(RuleStatus.Fail);
        outcome.Reason.ShouldContain("--bootstrap");
    }

    [Fact]
    public void Group_rules_judge_every_group_and_skip_groups_below_min_n()
    {
        var result = PolicyEvaluator.Evaluate([Rule(MetricNames.SelectionRate, PolicyComparator.GreaterOrEqual, 0.3, minN: 50)], Report());
        result.Outcomes.Select(o => (o.Target, o.Status)).ShouldBe([("f0=a", RuleStatus.InsufficientData), ("f0=b", RuleStatus.Fail)]);
        result.Passed.ShouldBeFalse();
        var named = PolicyEvaluator.Evaluate([Rule(MetricNames.SelectionRate, PolicyComparator.GreaterOrEqual, 0.3, group: "a")], Report());
        named.Outcomes.Single().Status.ShouldBe(RuleStatus.Pass);
    }

    [Fact]
    public void Impact_ratio_and_overall_rules_work()
    {
        var report = Report();
        var impact = PolicyEvaluator.Evaluate([Rule(PolicyRule.ImpactRatio, PolicyComparator.GreaterOrEqual, 0.8)], report);
        impact.Outcomes.Select(o => o.Status).ShouldBe([RuleStatus.Pass, RuleStatus.Fail]);
        PolicyEvaluator.Evaluate([Rule(MetricNames.Accuracy, PolicyComparator.Greater, 0.5, feature: null)], report).Passed.ShouldBeTrue();
    }

    [Fact]
    public void Impact_ratio_rules_can_judge_the_bootstrap_bound()
    {
        var report = Report(resamples: 500);
        var ci = report.Features[0].ImpactRatios.Intervals["b"];
        ci.Lower.ShouldBeLessThan(0.5); // point value 0.25 / 0.5
        ci.Upper.ShouldBeGreaterThan(0.5);
        var outcome = PolicyEvaluator.Evaluate([Rule(PolicyRule.ImpactRatio, PolicyComparator.GreaterOrEqual, 0.8, judge: PolicyJudgement.ConfidenceBound, group: "b")], report).Outcomes.Single();
        outcome.Value.ShouldBe(ci.Lower);
        outcome.Status.ShouldBe(RuleStatus.Fail);
    }

    [Fact]
    public void An_undefined_value_fails()
    {
        // every prediction negative → parity ratio 0/0 = NaN
        var report = FairnessEvaluator.Evaluate(Rows.Input([0, 1, 0, 1], [0, 0, 0, 0], [["a", "a", "b", "b"]]), new FairnessOptions());
        var outcome = PolicyEvaluator.Evaluate([Rule(MetricNames.DemographicParityRatio, PolicyComparator.GreaterOrEqual, 0.8)], report).Outcomes.Single();
        outcome.Status.ShouldBe(RuleStatus.Fail);
        outcome.Reason.ShouldContain("undefined");
    }
}
