using Attest.Engine.Evaluation.Fairness;

namespace Attest.Engine.Tests.Evaluation;

/// <summary>Each expected value is the reference library's output recorded in the shared fairness folder's edge_cases_output.txt (case id in the name).</summary>
public sealed class FairnessEdgeCaseTests
{
    private static GroupReport Group(FairnessReport report, string key) => report.Features[0].Groups.Single(g => g.Key == key);

    [Fact]
    public void F1_a_group_without_positives_has_TPR_and_FNR_zero_as_in_Fairlearn()
    {
        var report = Rows.Evaluate([0, 0, 0, 0, 1, 1, 0, 1], [0, 1, 0, 0, 1, 0, 0, 1], ["a", "a", "a", "a", "b", "b", "b", "b"]);
        var a = Group(report, "a");
        a.Metrics[MetricNames.TruePositiveRate].ShouldBe(0.0);
        a.Metrics[MetricNames.FalseNegativeRate].ShouldBe(0.0);
        a.Metrics[MetricNames.FalsePositiveRate].ShouldBe(0.25);
        // F11: equalized_odds_difference on the same data
        report.Features[0].Disparities[MetricNames.EqualizedOddsDifference].ShouldBe(0.6666666666666666, 1e-15);
    }

    [Fact]
    public void F2_F3_zero_denominators_give_zero_FPR_and_precision()
    {
        var c = new ConfusionCounts(TruePositives: 1, FalsePositives: 0, TrueNegatives: 0, FalseNegatives: 1);
        LabelMetrics.Value(MetricNames.FalsePositiveRate, c).ShouldBe(0.0);
        LabelMetrics.Value(MetricNames.Precision, new ConfusionCounts(0, 0, 1, 1)).ShouldBe(0.0);
        LabelMetrics.Value(MetricNames.F1, new ConfusionCounts(0, 0, 2, 0)).ShouldBe(0.0); // S6
    }

    [Fact]
    public void F4_F5_parity_ratio_is_NaN_when_every_rate_is_zero_and_zero_when_one_is()
    {
        var allZero = Rows.Evaluate([0, 1, 0, 1], [0, 0, 0, 0], ["a", "a", "b", "b"]).Features[0].Disparities;
        double.IsNaN(allZero[MetricNames.DemographicParityRatio]).ShouldBeTrue();
        allZero[MetricNames.DemographicParityDifference].ShouldBe(0.0);
        var oneZero = Rows.Evaluate([0, 1, 0, 1], [0, 0, 1, 0], ["a", "a", "b", "b"]).Features[0].Disparities;
        oneZero[MetricNames.DemographicParityRatio].ShouldBe(0.0);
        oneZero[MetricNames.DemographicParityRatio + MetricNames.ToOverallSuffix].ShouldBe(0.0);
    }

    [Fact]
    public void F6_an_empty_intersection_cell_is_reported_with_NaN_metrics_and_skipped_by_aggregates()
    {
        var input = Rows.Input([0, 1, 0, 1, 1], [0, 1, 1, 1, 0], [["x", "x", "y", "y", "y"], ["u", "v", "u", "u", "u"]]);
        var report = FairnessEvaluator.Evaluate(input, new FairnessOptions { Intersections = true });
        var intersection = report.Features.Single(f => f.Name == "f0&f1");
        var empty = intersection.Groups.Single(g => g.Key == "y | v");
        empty.Metrics[MetricNames.Count].ShouldBe(0);
        double.IsNaN(empty.Metrics[MetricNames.SelectionRate]).ShouldBeTrue();
        Group(report, "x").Metrics[MetricNames.Count].ShouldBe(2);
        intersection.GroupMax[MetricNames.Count].ShouldBe(3);
        intersection.GroupMin[MetricNames.Count].ShouldBe(1);
        // F6b: difference over non-empty cells: selection 1.0 − 0.0; ratio 0.0
        intersection.Disparities[MetricNames.DemographicParityDifference].ShouldBe(1.0);
        intersection.Disparities[MetricNames.DemographicParityRatio].ShouldBe(0.0);
        report.Warnings.ShouldContain(w => w.Contains("'y | v' has no rows", StringComparison.Ordinal));
    }

    [Fact]
    public void F14_F15_to_overall_difference_and_ratio_follow_Fairlearn()
    {
        var difference = Rows.Evaluate([0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0], ["a", "a", "b", "b", "b", "b"]).Features[0].Disparities;
        difference[MetricNames.DemographicParityDifference + MetricNames.ToOverallSuffix].ShouldBe(0.6666666666666667, 1e-15);
        var ratio = Rows.Evaluate([0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 1], ["a", "a", "b", "b", "b", "b"]).Features[0].Disparities;
        ratio[MetricNames.DemographicParityRatio + MetricNames.ToOverallSuffix].ShouldBe(0.5, 1e-15);
    }

    [Fact]
    public void S1_log_loss_clips_certain_wrong_scores_at_float64_epsilon()
    {
        var report = Rows.Evaluate([0, 1], [1, 1], ["a", "a"], scores: [1.0, 1.0]);
        report.Overall[MetricNames.LogLoss].ShouldBe(18.021826694558577, 1e-12);
    }

    [Fact]
    public void S2_ROC_AUC_counts_ties_one_half()
    {
        var report = Rows.Evaluate([0, 0, 1, 1], [0, 0, 1, 1], ["a", "a", "a", "a"], scores: [0.5, 0.2, 0.5, 0.9]);
        report.Overall[MetricNames.RocAuc].ShouldBe(0.875);
    }

    [Fact]
    public void S3_F9_ROC_AUC_of_a_single_class_group_is_NaN()
    {
        var report = Rows.Evaluate([0, 0, 0, 1], [0, 0, 0, 1], ["a", "a", "b", "b"], scores: [0.1, 0.2, 0.3, 0.9]);
        double.IsNaN(Group(report, "a").Metrics[MetricNames.RocAuc]).ShouldBeTrue();
        Group(report, "b").Metrics[MetricNames.RocAuc].ShouldBe(1.0);
    }

    [Fact]
    public void S4_Brier_score_is_the_mean_squared_error()
    {
        var report = Rows.Evaluate([0, 1, 1], [0, 1, 0], ["a", "a", "a"], scores: [0.1, 0.8, 0.4]);
        report.Overall[MetricNames.Brier].ShouldBe(0.13666666666666666, 1e-15);
    }

    [Fact]
    public void S5_calibration_drops_empty_bins_and_puts_1_in_the_last_bin()
    {
        var report = Rows.Evaluate([0, 1, 1, 0], [0, 1, 1, 1], ["a", "a", "a", "a"], scores: [0.05, 1.0, 0.95, 0.5]);
        var bins = report.OverallCalibration!.Bins;
        bins.Select(b => b.FractionPositive).ShouldBe([0.0, 0.0, 1.0]);
        bins.Select(b => b.MeanScore).ToArray().ShouldBe([0.05, 0.5, 0.975], 1e-15);
        bins.Select(b => b.Bin).ShouldBe([0, 4, 9]);
    }

    [Fact]
    public void A_feature_with_a_single_group_reports_disparities_as_undefined_with_a_reason()
    {
        var report = Rows.Evaluate([0, 1, 1], [0, 1, 0], ["a", "a", "a"]);
        double.IsNaN(report.Features[0].Disparities[MetricNames.DemographicParityDifference]).ShouldBeTrue();
        report.Warnings.ShouldContain(w => w.Contains("only one group", StringComparison.Ordinal));
    }

    [Fact]
    public void An_intersection_with_more_than_100000_combinations_is_refused()
    {
        var values = Enumerable.Range(0, 50).Select(i => $"v{i}").ToArray();
        var y = new int[50];
        var input = Rows.Input(y, y, [values, values, values]);
        Should.Throw<ArgumentException>(() => FairnessEvaluator.Evaluate(input, new FairnessOptions { Intersections = true }))
            .Message.ShouldContain("would have 125000 groups");
        FairnessEvaluator.Evaluate(input, new FairnessOptions()).Features.Count.ShouldBe(3);
    }

    [Fact]
    public void Parity_difference_is_zero_and_ratio_one_when_groups_are_identical()
    {
        var gen = new Random(11);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = gen.Next(1, 30);
            var y = Enumerable.Range(0, n).Select(_ => gen.Next(2)).ToArray();
            var p = Enumerable.Range(0, n).Select(_ => gen.Next(2)).ToArray();
            // group b is an exact copy of group a
            var report = Rows.Evaluate([.. y, .. y], [.. p, .. p], [.. Enumerable.Repeat("a", n), .. Enumerable.Repeat("b", n)]);
            var d = report.Features[0].Disparities;
            d[MetricNames.DemographicParityDifference].ShouldBe(0.0);
            d[MetricNames.EqualizedOddsDifference].ShouldBe(0.0);
            if (p.Contains(1)) d[MetricNames.DemographicParityRatio].ShouldBe(1.0);
        }
    }
}
