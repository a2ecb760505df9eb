using System.Text;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Signals;

namespace Attest.Engine.Tests.Signals;

public sealed class SignalEvaluatorTests
{
    private static MonitoringSignal Signal(SignalKind kind, string metric, Comparator comparator, double threshold, int minN = 1, string? attribute = null,
        SignalJudge judge = SignalJudge.Point, string? feature = null) =>
        new("s", kind, metric, attribute, "approve", feature, new SignalWindow(TimeSpan.FromDays(7), null), minN, comparator, threshold, judge, AlertSeverity.High,
            TimeSpan.FromHours(1), false, null);

    // n decisions: `correct` of them with outcome equal to output; outputs alternate approve/deny.
    private static SignalInput Labelled(int n, int correct, string? group = null)
    {
        var outputs = new List<string>();
        var outcomes = new List<string?>();
        for (var i = 0; i < n; i++)
        {
            var output = i % 2 == 0 ? "approve" : "deny";
            outputs.Add(output);
            outcomes.Add(i < correct ? output : output == "approve" ? "deny" : "approve");
        }
        return new SignalInput { Decisions = n, Outputs = outputs, Outcomes = outcomes, Groups = group is null ? [] : outputs.Select(_ => (string?)group).ToList() };
    }

    [Fact]
    public void Accuracy_below_its_threshold_fires_exactly_when_the_window_crosses_it()
    {
        var signal = Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.8, minN: 10);
        // 8 of 10 right: 0.8 is not below 0.8.
        var at = SignalEvaluator.Evaluate(signal, Labelled(10, 8), 1);
        (at.Status, at.Value, at.N).ShouldBe((SignalStatus.Ok, 0.8, 10L));
        // One more wrong decision: 8 of 11 = 0.7272… fires.
        var past = SignalEvaluator.Evaluate(signal, Labelled(11, 8), 1);
        past.Status.ShouldBe(SignalStatus.Breached);
        past.Value.ShouldBe(8.0 / 11);
    }

    [Fact]
    public void A_window_smaller_than_min_n_is_insufficient_data_never_a_breach()
    {
        var r = SignalEvaluator.Evaluate(Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.8, minN: 50), Labelled(20, 0), 1);
        r.Status.ShouldBe(SignalStatus.InsufficientData);
        r.Summary.ShouldContain("fewer than min_n 50");
    }

    [Fact]
    public void Decisions_without_an_outcome_do_not_count_for_performance()
    {
        var input = Labelled(10, 10);
        var outcomes = input.Outcomes.ToList();
        outcomes[0] = null;
        outcomes[1] = null;
        var r = SignalEvaluator.Evaluate(Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.8), new SignalInput { Decisions = 10, Outputs = input.Outputs, Outcomes = outcomes }, 1);
        (r.N, r.Value).ShouldBe((8L, 1.0));
    }

    [Fact]
    public void Impact_ratio_and_parity_difference_use_the_fairness_definitions()
    {
        // Group a: 6 of 10 approved (selection rate 0.6); group b: 3 of 10 (0.3). Fairlearn: demographic_parity_difference = 0.6 − 0.3;
        // the four-fifths impact ratio of b against the highest rate is 0.3 / 0.6.
        var outputs = new List<string>();
        var groups = new List<string?>();
        for (var i = 0; i < 10; i++) { outputs.Add(i < 6 ? "approve" : "deny"); groups.Add("a"); }
        for (var i = 0; i < 10; i++) { outputs.Add(i < 3 ? "approve" : "deny"); groups.Add("b"); }
        var input = new SignalInput { Decisions = 20, Outputs = outputs, Outcomes = outputs.Select(_ => (string?)null).ToList(), Groups = groups };

        var ratio = SignalEvaluator.Evaluate(Signal(SignalKind.Fairness, "impact_ratio", Comparator.Below, 0.8, attribute: "sex"), input, 1);
        (ratio.Status, ratio.Value, ratio.Target, ratio.N).ShouldBe((SignalStatus.Breached, 0.5, "sex=b", 20L));
        var parity = SignalEvaluator.Evaluate(Signal(SignalKind.Fairness, "demographic_parity_difference", Comparator.Above, 0.2, attribute: "sex"), input, 1);
        parity.Status.ShouldBe(SignalStatus.Breached);
        parity.Value!.Value.ShouldBe(0.3, 1e-15);
    }

    [Fact]
    public void Judge_ci_fires_only_when_the_whole_bootstrap_interval_is_past_the_threshold()
    {
        var signal = Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.9, judge: SignalJudge.Ci);
        // 16 of 20 right: 0.8 is below 0.9, but a 95 % interval over 20 decisions reaches above 0.9.
        var small = SignalEvaluator.Evaluate(signal, Labelled(20, 16), 7);
        small.Value.ShouldBe(0.8);
        small.Upper!.Value.ShouldBeGreaterThanOrEqualTo(0.9);
        small.Status.ShouldBe(SignalStatus.Ok);
        // 1,600 of 2,000: the whole interval is below 0.9.
        var large = SignalEvaluator.Evaluate(signal, Labelled(2000, 1600), 7);
        large.Upper!.Value.ShouldBeLessThan(0.9);
        large.Status.ShouldBe(SignalStatus.Breached);
        // Seeded: the same window gives the same interval.
        SignalEvaluator.Evaluate(signal, Labelled(20, 16), 7).ShouldBe(small);
    }

    [Fact]
    public void Psi_of_a_shifted_category_share_is_a_quarter_of_ln_3()
    {
        // Shares a/b: reference 0.5/0.5, current 0.25/0.75. PSI = Σ (c − r)·ln(c / r) = 0.25·ln 2 + 0.25·ln 1.5 = 0.25·ln 3.
        var value = SignalEvaluator.DriftValue("psi", DriftColumnType.Categorical, [0, 0, 1, 1], [0, 1, 1, 1], ["a", "b"]);
        value.ShouldBe(0.25 * Math.Log(3), 1e-12);
        var signal = Signal(SignalKind.Drift, "psi", Comparator.AtLeast, 0.2, feature: "region");
        var r = SignalEvaluator.Evaluate(signal, new SignalInput { Decisions = 4, Reference = [0, 0, 1, 1], Current = [0, 1, 1, 1], ColumnType = DriftColumnType.Categorical, Categories = ["a", "b"] }, 1);
        (r.Status, r.Target).ShouldBe((SignalStatus.Breached, "region"));
    }

    [Fact]
    public void Drift_without_reference_data_is_insufficient()
    {
        var r = SignalEvaluator.Evaluate(Signal(SignalKind.Drift, "psi", Comparator.AtLeast, 0.2, feature: "x"), new SignalInput { Decisions = 3, Current = [1, 2, 3] }, 1);
        r.Status.ShouldBe(SignalStatus.InsufficientData);
    }

    [Fact]
    public void Rates_and_counts_are_judged_by_their_comparator()
    {
        var overrides = SignalEvaluator.Evaluate(Signal(SignalKind.OverrideRate, "rate", Comparator.Above, 0.1), new SignalInput { ReviewsResolved = 20, Overridden = 3 }, 1);
        (overrides.Status, overrides.Value, overrides.N).ShouldBe((SignalStatus.Breached, 0.15, 20L));
        var volume = SignalEvaluator.Evaluate(Signal(SignalKind.Volume, "count", Comparator.Below, 100, minN: 500), new SignalInput { Decisions = 40 }, 1);
        (volume.Status, volume.Value).ShouldBe((SignalStatus.Breached, 40.0));
        var ungoverned = SignalEvaluator.Evaluate(Signal(SignalKind.UngovernedDecisions, "count", Comparator.AtLeast, 1), new SignalInput { Decisions = 40, Ungoverned = 0 }, 1);
        (ungoverned.Status, ungoverned.Value).ShouldBe((SignalStatus.Ok, 0.0));
    }

    [Theory]
    [InlineData(false, SignalStatus.Breached, 0, 3, AlertStep.Open)]
    [InlineData(true, SignalStatus.Breached, 2, 3, AlertStep.Repeat)]
    [InlineData(true, SignalStatus.Ok, 0, 3, AlertStep.Healthy)]
    [InlineData(true, SignalStatus.Ok, 2, 3, AlertStep.AutoResolve)]
    [InlineData(true, SignalStatus.InsufficientData, 2, 3, AlertStep.None)]
    [InlineData(false, SignalStatus.Ok, 0, 3, AlertStep.None)]
    public void Alerts_open_repeat_and_resolve_after_n_healthy_evaluations(bool active, SignalStatus status, int streak, int after, AlertStep expected) =>
        AlertRules.Next(active, status, streak, after).ShouldBe(expected);

    [Fact]
    public void Webhook_signature_is_the_hex_hmac_sha256_of_the_body()
    {
        // RFC 4231-style known answer (Wikipedia's HMAC example): key "key", message "The quick brown fox jumps over the lazy dog".
        var body = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");
        WebhookSignature.Sign(body, "key").ShouldBe("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
        WebhookSignature.Verify(body, "key", "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8").ShouldBeTrue();
        WebhookSignature.Verify(body, "other", "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8").ShouldBeFalse();
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_a_cap()
    {
        var first = TimeSpan.FromSeconds(30);
        var cap = TimeSpan.FromMinutes(10);
        Enumerable.Range(1, 6).Select(a => WebhookSignature.Backoff(a, first, cap).TotalSeconds).ShouldBe([30, 60, 120, 240, 480, 600]);
    }

    [Fact]
    public void Cells_counted_while_reading_give_the_same_result_as_the_rows_they_count()
    {
        // Mixed rows: group a's first decision has no outcome yet, some have no group; outputs, outcomes and groups vary independently.
        var outputs = new List<string>();
        var outcomes = new List<string?>();
        var groups = new List<string?>();
        for (var i = 0; i < 240; i++)
        {
            outputs.Add(i % 3 == 0 ? "deny" : "approve");
            outcomes.Add(i % 7 == 0 ? null : i % 5 == 0 ? "deny" : "approve");
            groups.Add(i % 11 == 5 ? null : (i % 4) switch { 0 => "a", 1 => "b", 2 => "c", _ => i % 8 == 3 ? "a" : "b" });
        }
        var withOutcomes = LabelCounts.Count(outputs, outcomes, groups, "approve", needsOutcome: true, grouped: true);
        // First sight among the decisions counted: row 0 (a) has no outcome, so b (row 1) comes first.
        withOutcomes.Groups.ShouldBe(["b", "c", "a"]);
        LabelCounts.Count(outputs, outcomes, groups, "approve", needsOutcome: false, grouped: true).Groups.ShouldBe(["a", "b", "c"]);
        var all = LabelCounts.Count(outputs, outcomes, groups, "approve", needsOutcome: true, grouped: false);
        all.Groups.ShouldBe(["all"]);
        all.N.ShouldBe(outcomes.Count(o => o is not null));
        // Row by row for one cell: group b, label approve (outcome positive), prediction deny.
        var b = withOutcomes.Cells[0 * 4 + Attest.Engine.Evaluation.Fairness.ConfusionCounts.CellIndex(label: true, prediction: false)];
        b.ShouldBe(Enumerable.Range(0, 240).Count(i => groups[i] == "b" && outcomes[i] == "approve" && outputs[i] == "deny"));

        var rows = new SignalInput { Decisions = 240, Outputs = outputs, Outcomes = outcomes, Groups = groups };
        MonitoringSignal[] signals =
        [
            Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.7, attribute: "sex"),
            Signal(SignalKind.Performance, "accuracy", Comparator.Below, 0.9, attribute: "sex", judge: SignalJudge.Ci),
            Signal(SignalKind.Performance, "false_positive_rate", Comparator.Above, 0.2, judge: SignalJudge.Ci),
            Signal(SignalKind.Fairness, "impact_ratio", Comparator.Below, 0.99, attribute: "sex", judge: SignalJudge.Ci),
            Signal(SignalKind.Fairness, "equalized_odds_difference", Comparator.Above, 0.01, attribute: "sex", judge: SignalJudge.Ci),
            Signal(SignalKind.Fairness, "demographic_parity_difference", Comparator.Above, 0.1, attribute: "sex"),
        ];
        foreach (var signal in signals)
        {
            var counted = new SignalInput
            {
                Decisions = 240,
                Labels = LabelCounts.Count(outputs, outcomes, groups, signal.Positive, SignalCatalog.NeedsOutcome(signal.Kind, signal.Metric), signal.Attribute is not null),
            };
            var expected = SignalEvaluator.Evaluate(signal, rows, 42);
            SignalEvaluator.Evaluate(signal, counted, 42).ShouldBe(expected, signal.Metric);
            expected.Value.ShouldNotBeNull(signal.Metric);
            if (signal.Judge == SignalJudge.Ci) expected.Lower.ShouldNotBeNull(signal.Metric);
        }
    }
}
