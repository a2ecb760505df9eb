using System.Text.Json;
using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Fairness;
using static Attest.Core.Tests.Evaluation.ReferenceJson;

namespace Attest.Core.Tests.Evaluation;

/// <summary>
/// Attest against the reference harness (Fairlearn 0.14, scikit-learn 1.2.1) on committed datasets.
/// Expected values: Evaluation/Data/*.reference.json, produced by the commands in Evaluation/Data/README.md.
/// </summary>
public sealed class FairnessReferenceTests
{
    private static readonly (string Ours, string Theirs)[] GroupLabelMetrics =
    [
        (MetricNames.BaseRate, "base_rate"), (MetricNames.SelectionRate, "selection_rate"),
        (MetricNames.TruePositiveRate, "true_positive_rate"), (MetricNames.FalsePositiveRate, "false_positive_rate"),
        (MetricNames.FalseNegativeRate, "false_negative_rate"), (MetricNames.TrueNegativeRate, "true_negative_rate"),
        (MetricNames.Accuracy, "accuracy"), (MetricNames.Precision, "precision_ppv"), (MetricNames.Recall, "recall"),
        (MetricNames.F1, "f1"), (MetricNames.BalancedAccuracy, "balanced_accuracy"),
    ];

    private static readonly (string Ours, string Theirs)[] GroupScoreMetrics =
    [
        (MetricNames.RocAuc, "roc_auc"), (MetricNames.LogLoss, "log_loss"), (MetricNames.Brier, "brier"),
        (MetricNames.ExpectedCalibrationError, "ece_uniform10_local"),
    ];

    private static FairnessReport Evaluate(string csv, string[] sensitive, FairnessOptions? options = null)
    {
        using var stream = File.OpenRead(DataPath(csv));
        var input = PredictionLogReader.Read(stream, csv, new PredictionLogOptions("y", "yhat", "p", sensitive));
        return FairnessEvaluator.Evaluate(input, options ?? new FairnessOptions { Intersections = true });
    }

    [Theory]
    [InlineData("synthetic.csv", "synthetic.reference.json", "race", "sex")]
    [InlineData("edge.csv", "edge.reference.json", "g", "h")]
    public void Overall_metrics_equal_scikit_learn(string csv, string reference, string first, string second)
    {
        var report = Evaluate(csv, [first, second]);
        var expected = Load(reference).GetProperty("performance_overall");
        report.N.ShouldBe(expected.GetProperty("n").GetInt64());
        var map = new (string Ours, string Theirs)[]
        {
            (MetricNames.BaseRate, "prevalence"), (MetricNames.SelectionRate, "selection_rate"), (MetricNames.Accuracy, "accuracy"),
            (MetricNames.Precision, "precision"), (MetricNames.Recall, "recall"), (MetricNames.F1, "f1"),
            (MetricNames.BalancedAccuracy, "balanced_accuracy"), (MetricNames.TrueNegativeRate, "specificity"),
            (MetricNames.FalsePositiveRate, "fpr"), (MetricNames.FalseNegativeRate, "fnr"), (MetricNames.RocAuc, "roc_auc"),
            (MetricNames.LogLoss, "log_loss"), (MetricNames.Brier, "brier"), (MetricNames.ExpectedCalibrationError, "ece_uniform10_local"),
        };
        foreach (var (ours, theirs) in map)
            ShouldMatch(report.Overall[ours], expected.GetProperty(theirs), $"overall {ours}");
    }

    [Theory]
    [InlineData("synthetic.csv", "synthetic.reference.json", "race", "sex")]
    [InlineData("edge.csv", "edge.reference.json", "g", "h")]
    public void Group_metrics_disparities_and_extremes_equal_Fairlearn(string csv, string reference, string first, string second)
    {
        var report = Evaluate(csv, [first, second]);
        var fairness = Load(reference).GetProperty("fairness");
        report.Features.Select(f => f.Name).ShouldBe([first, second, $"{first}&{second}"]);
        foreach (var feature in report.Features)
        {
            var expected = fairness.GetProperty(feature.Name);
            var byGroup = expected.GetProperty("by_group");
            byGroup.EnumerateObject().Count().ShouldBe(feature.Groups.Count, $"{feature.Name} group count");
            foreach (var group in feature.Groups)
            {
                var e = byGroup.GetProperty(group.Key);
                var count = Number(e.GetProperty("count"));
                group.Metrics[MetricNames.Count].ShouldBe(double.IsNaN(count) ? 0 : count, $"{feature.Name}/{group.Key} count");
                foreach (var (ours, theirs) in GroupLabelMetrics)
                    ShouldMatch(group.Metrics[ours], e.GetProperty(theirs), $"{feature.Name}/{group.Key} {ours}");
                var s = expected.GetProperty("score_by_group").GetProperty(group.Key);
                foreach (var (ours, theirs) in GroupScoreMetrics)
                    ShouldMatch(group.Metrics[ours], s.GetProperty(theirs), $"{feature.Name}/{group.Key} {ours}");
            }
            foreach (var p in expected.GetProperty("fairness_helpers").EnumerateObject())
            {
                if (p.Name.Contains("agg=mean", StringComparison.Ordinal)) continue;
                var name = p.Name.Replace("[between_groups]", "", StringComparison.Ordinal).Replace("[to_overall]", MetricNames.ToOverallSuffix, StringComparison.Ordinal);
                ShouldMatch(feature.Disparities[name], p.Value, $"{feature.Name} {name}");
            }
            foreach (var (ours, theirs) in GroupLabelMetrics.Append((MetricNames.Count, "count")))
            {
                ShouldMatch(feature.GroupMin[ours], expected.GetProperty("group_min").GetProperty(theirs), $"{feature.Name} group_min {ours}");
                ShouldMatch(feature.GroupMax[ours], expected.GetProperty("group_max").GetProperty(theirs), $"{feature.Name} group_max {ours}");
            }
        }
    }

    [Theory]
    [InlineData("synthetic.csv", "synthetic.reference.json", "race", "sex")]
    [InlineData("edge.csv", "edge.reference.json", "g", "h")]
    public void Impact_ratios_against_the_highest_rate_group_equal_the_reference(string csv, string reference, string first, string second)
    {
        var report = Evaluate(csv, [first, second]);
        var fairness = Load(reference).GetProperty("fairness");
        foreach (var feature in report.Features)
        {
            var ff = fairness.GetProperty(feature.Name).GetProperty("four_fifths_local_from_fairlearn_selection_rates");
            feature.ImpactRatios.ReferenceGroup.ShouldBe(ff.GetProperty("reference_highest_selection_rate_group").GetString());
            foreach (var p in ff.GetProperty("impact_ratio_vs_highest").EnumerateObject())
                ShouldMatch(feature.ImpactRatios.Ratios[p.Name], p.Value, $"{feature.Name} impact ratio {p.Name}");
            feature.ImpactRatios.BelowThreshold.ShouldBe(ff.GetProperty("groups_below_0.8_vs_highest").EnumerateArray().Select(x => x.GetString()!).ToList(), ignoreOrder: true);
        }
    }

    [Fact]
    public void Impact_ratios_against_a_named_reference_group_equal_the_reference()
    {
        var report = Evaluate("synthetic.csv", ["race", "sex"], new FairnessOptions
        {
            Intersections = true,
            ReferenceGroups = new Dictionary<string, string> { ["race"] = "white" },
        });
        var race = report.Features.Single(f => f.Name == "race");
        var ff = Load("synthetic.reference.json").GetProperty("fairness").GetProperty("race").GetProperty("four_fifths_local_from_fairlearn_selection_rates");
        race.ImpactRatios.Basis.ShouldBe(ImpactRatios.NamedReference);
        foreach (var p in ff.GetProperty("impact_ratio_vs_privileged").EnumerateObject())
            ShouldMatch(race.ImpactRatios.Ratios[p.Name], p.Value, $"race impact ratio vs white {p.Name}");
        race.ImpactRatios.BelowThreshold.ShouldBe(ff.GetProperty("groups_below_0.8_vs_privileged").EnumerateArray().Select(x => x.GetString()!).ToList(), ignoreOrder: true);
    }

    [Theory]
    [InlineData("synthetic.csv", "synthetic.reference.json", "race", "sex")]
    [InlineData("edge.csv", "edge.reference.json", "g", "h")]
    public void Calibration_curves_equal_scikit_learn_calibration_curve(string csv, string reference, string first, string second)
    {
        var report = Evaluate(csv, [first, second]);
        var fairness = Load(reference).GetProperty("fairness");
        foreach (var feature in report.Features)
        {
            foreach (var p in fairness.GetProperty(feature.Name).GetProperty("calibration_by_group").EnumerateObject())
            {
                var curve = feature.Groups.Single(g => g.Key == p.Name).Calibration!;
                var e = p.Value.GetProperty("sklearn_calibration_curve_uniform");
                var probTrue = e.GetProperty("prob_true").EnumerateArray().ToList();
                var probPred = e.GetProperty("prob_pred").EnumerateArray().ToList();
                var counts = e.GetProperty("nonempty_bin_counts").EnumerateArray().Select(x => x.GetInt64()).ToList();
                curve.Bins.Count.ShouldBe(probTrue.Count, $"{feature.Name}/{p.Name} bins");
                for (var i = 0; i < curve.Bins.Count; i++)
                {
                    ShouldMatch(curve.Bins[i].FractionPositive, probTrue[i], $"{feature.Name}/{p.Name} prob_true[{i}]");
                    ShouldMatch(curve.Bins[i].MeanScore, probPred[i], $"{feature.Name}/{p.Name} prob_pred[{i}]");
                    curve.Bins[i].Count.ShouldBe(counts[i]);
                }
            }
        }
    }

    [Fact]
    public void String_labels_with_a_positive_label_and_three_intersected_features_equal_Fairlearn()
    {
        using var stream = File.OpenRead(DataPath("adult_like.csv"));
        var input = PredictionLogReader.Read(stream, "adult_like.csv",
            new PredictionLogOptions("income", "pred", "p", ["race", "sex", "edu"], PositiveLabel: ">50K"));
        var report = FairnessEvaluator.Evaluate(input, new FairnessOptions { Intersections = true });
        // adult_like.reference.json: Fairlearn with --pos-label ">50K" and yhat = (pred == ">50K")
        var fairness = Load("adult_like.reference.json").GetProperty("fairness");
        report.Features.Select(f => f.Name).ShouldBe(["race", "sex", "edu", "race&sex&edu"]);
        foreach (var feature in report.Features)
        {
            var expected = fairness.GetProperty(feature.Name);
            expected.GetProperty("by_group").EnumerateObject().Count().ShouldBe(feature.Groups.Count, feature.Name);
            foreach (var group in feature.Groups)
            {
                var e = expected.GetProperty("by_group").GetProperty(group.Key);
                foreach (var (ours, theirs) in GroupLabelMetrics)
                    ShouldMatch(group.Metrics[ours], e.GetProperty(theirs), $"{feature.Name}/{group.Key} {ours}");
                var s = expected.GetProperty("score_by_group").GetProperty(group.Key);
                foreach (var (ours, theirs) in GroupScoreMetrics)
                    ShouldMatch(group.Metrics[ours], s.GetProperty(theirs), $"{feature.Name}/{group.Key} {ours}");
            }
            foreach (var p in expected.GetProperty("fairness_helpers").EnumerateObject())
            {
                if (p.Name.Contains("agg=mean", StringComparison.Ordinal)) continue;
                var name = p.Name.Replace("[between_groups]", "", StringComparison.Ordinal).Replace("[to_overall]", MetricNames.ToOverallSuffix, StringComparison.Ordinal);
                ShouldMatch(feature.Disparities[name], p.Value, $"{feature.Name} {name}");
            }
        }
    }

    [Fact]
    public void Missing_sensitive_values_form_an_explicit_missing_group()
    {
        var report = Evaluate("synthetic.csv", ["race", "sex"]);
        var race = report.Features.Single(f => f.Name == "race");
        // synthetic.reference.json was produced with --derive 'race=race.fillna("(missing)")'
        var expected = Load("synthetic.reference.json").GetProperty("fairness").GetProperty("race").GetProperty("by_group").GetProperty("(missing)");
        race.Groups.Single(g => g.Key == "(missing)").Metrics[MetricNames.Count].ShouldBe(expected.GetProperty("count").GetDouble());
    }

    [Fact]
    public void Bootstrap_intervals_agree_with_Fairlearn_in_location_and_width()
    {
        // Fairlearn's 200 resamples (seed 12345) and ours use different generators, so compare loosely:
        // same quantiles of the same sampling distribution → bounds within a few hundredths.
        var report = Evaluate("synthetic.csv", ["race", "sex"], new FairnessOptions
        {
            Intersections = true,
            BootstrapResamples = 2000,
            Random = new Random(7),
        });
        var boot = Load("synthetic.reference.json").GetProperty("fairness").GetProperty("race").GetProperty("bootstrap").GetProperty("by_group_ci");
        var lower = boot.GetProperty("0.025");
        var upper = boot.GetProperty("0.975");
        var race = report.Features.Single(f => f.Name == "race");
        foreach (var group in new[] { "white", "black", "asian" })
        {
            var ci = race.Groups.Single(g => g.Key == group).BootstrapIntervals[MetricNames.SelectionRate];
            var lo = Number(lower.GetProperty(group).GetProperty("selection_rate"));
            var hi = Number(upper.GetProperty(group).GetProperty("selection_rate"));
            Math.Abs(ci.Lower - lo).ShouldBeLessThan(0.02, $"{group} lower");
            Math.Abs(ci.Upper - hi).ShouldBeLessThan(0.02, $"{group} upper");
            Math.Abs((ci.Upper - ci.Lower) - (hi - lo)).ShouldBeLessThan(0.25 * (hi - lo), $"{group} width");
        }
    }
}
