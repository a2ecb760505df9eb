using Attest.Engine.Evaluation.Scores;
using Attest.Engine.Evaluation.Sorting;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Evaluation.Fairness;

/// <summary>
/// Classification and score metrics overall and per group, Fairlearn disparities, impact ratios, Wilson
/// intervals and bootstrap percentile intervals. Label-metric resamples are drawn on the confusion counts
/// (a multinomial over cells is exactly a row resample); score-metric resamples weight the sorted rows.
/// </summary>
public static class FairnessEvaluator
{
    private static readonly string[] BootstrapLabelMetrics = [.. MetricNames.Label.Where(m => m != MetricNames.Count)];
    private static readonly string[] BootstrapScoreMetrics = [MetricNames.RocAuc, MetricNames.LogLoss, MetricNames.Brier];

    public static FairnessReport Evaluate(FairnessInput input, FairnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BootstrapResamples > 0 && options.Random is null)
            throw new ArgumentException("bootstrap needs a seeded Random", nameof(options));

        var views = FairnessView.Build(input, options.Intersections);
        var map = BuildSlots(input, views, out var offsets);
        var slotCounts = SlotCounts(input.CellCounts, map);
        var slots = map.SlotCount;

        var metrics = new Dictionary<string, double>[slots];
        for (var s = 0; s < slots; s++)
        {
            metrics[s] = [];
            foreach (var m in MetricNames.Label) metrics[s][m] = LabelMetrics.Value(m, slotCounts[s]);
        }

        CalibrationAccumulator? calibration = null;
        if (input.Scores is { } scored)
        {
            SortByScore(scored);
            var stats = ScoreStatistics.Compute(
                scored.Scores.AsSpan(0, scored.Count), scored.CellAndLabel.AsSpan(0, scored.Count), map, default, default, default);
            calibration = Calibrate(scored, map, options.CalibrationBins);
            for (var s = 0; s < slots; s++)
            {
                metrics[s][MetricNames.RocAuc] = stats.RocAuc(s);
                metrics[s][MetricNames.LogLoss] = stats.LogLoss(s);
                metrics[s][MetricNames.Brier] = stats.Brier(s);
                metrics[s][MetricNames.ExpectedCalibrationError] = calibration.Curve(s).ExpectedCalibrationError;
            }
        }

        var warnings = new List<string>();
        var disparities = new Dictionary<string, double>[views.Count];
        for (var v = 0; v < views.Count; v++)
            disparities[v] = ViewDisparities(views[v], offsets[v], metrics, slotCounts, warnings);

        var intervals = new Dictionary<string, Interval>[slots];
        var disparityIntervals = new Dictionary<string, Interval>[views.Count];
        var impactIntervals = new Dictionary<string, Interval>[views.Count];
        for (var s = 0; s < slots; s++) intervals[s] = [];
        for (var v = 0; v < views.Count; v++) { disparityIntervals[v] = []; impactIntervals[v] = []; }
        if (options.BootstrapResamples > 0)
        {
            BootstrapCounts(input, views, offsets, map, options, intervals, disparityIntervals, impactIntervals);
            if (input.Scores is { } rows) BootstrapScores(rows, map, options, intervals);
        }

        var features = new List<FeatureReport>(views.Count);
        for (var v = 0; v < views.Count; v++)
            features.Add(BuildFeature(views[v], offsets[v], metrics, slotCounts, intervals, disparities[v], disparityIntervals[v], impactIntervals[v], calibration, options, warnings));

        return new FairnessReport(
            slotCounts[0].Count, metrics[0], intervals[0], calibration?.Curve(0), features, warnings,
            options.BootstrapResamples, options.ConfidenceLevel);
    }

    private static SlotMap BuildSlots(FairnessInput input, List<FairnessView> views, out int[] offsets)
    {
        offsets = new int[views.Count];
        var next = 1;
        for (var v = 0; v < views.Count; v++)
        {
            offsets[v] = next;
            next += views[v].GroupKeys.Length;
        }
        var per = views.Count + 1;
        var slots = new int[input.CellCount * per];
        for (var c = 0; c < input.CellCount; c++)
        {
            slots[c * per] = 0;
            for (var v = 0; v < views.Count; v++) slots[c * per + 1 + v] = offsets[v] + views[v].GroupOfCell[c];
        }
        return new SlotMap(next, per, slots);
    }

    private static ConfusionCounts[] SlotCounts(ReadOnlySpan<long> cellCounts, SlotMap map)
    {
        var counts = new ConfusionCounts[map.SlotCount];
        var cells = cellCounts.Length / 4;
        for (var c = 0; c < cells; c++)
        {
            var cell = ConfusionCounts.FromCells(cellCounts.Slice(c * 4, 4));
            for (var j = 0; j < map.PerCell; j++) counts[map.Slots[c * map.PerCell + j]] += cell;
        }
        return counts;
    }

    private static void SortByScore(ScoredRows rows)
    {
        // Sorting keys with their items keeps ties in arbitrary order, which AUC's tie rule makes harmless.
        RadixSort.Sort(rows.Scores.AsSpan(0, rows.Count), rows.CellAndLabel.AsSpan(0, rows.Count));
    }

    private static CalibrationAccumulator Calibrate(ScoredRows rows, SlotMap map, int bins)
    {
        var acc = new CalibrationAccumulator(map.SlotCount, bins);
        for (var i = 0; i < rows.Count; i++)
        {
            var score = rows.Scores[i];
            var cl = rows.CellAndLabel[i];
            var bin = acc.BinOf(score);
            var offset = (cl >> 1) * map.PerCell;
            for (var j = 0; j < map.PerCell; j++) acc.Add(map.Slots[offset + j], bin, score, (cl & 1) == 1);
        }
        return acc;
    }

    private static Dictionary<string, double> ViewDisparities(
        FairnessView view, int offset, Dictionary<string, double>[] metrics, ConfusionCounts[] counts, List<string> warnings)
    {
        var g = view.GroupKeys.Length;
        var nonEmpty = 0;
        for (var i = 0; i < g; i++) if (counts[offset + i].Count > 0) nonEmpty++;
        var selection = new double[g];
        var tpr = new double[g];
        var fpr = new double[g];
        for (var i = 0; i < g; i++)
        {
            selection[i] = metrics[offset + i][MetricNames.SelectionRate];
            tpr[i] = metrics[offset + i][MetricNames.TruePositiveRate];
            fpr[i] = metrics[offset + i][MetricNames.FalsePositiveRate];
        }
        var result = Disparity.All(selection, tpr, fpr,
            metrics[0][MetricNames.SelectionRate], metrics[0][MetricNames.TruePositiveRate], metrics[0][MetricNames.FalsePositiveRate]);
        if (nonEmpty < 2)
        {
            warnings.Add($"{view.Name}: only one group has rows, so disparities between groups are undefined (reported as NaN)");
            foreach (var key in result.Keys.ToList()) result[key] = double.NaN;
        }
        return result;
    }

    private static FeatureReport BuildFeature(
        FairnessView view, int offset, Dictionary<string, double>[] metrics, ConfusionCounts[] counts,
        Dictionary<string, Interval>[] intervals, Dictionary<string, double> disparities,
        Dictionary<string, Interval> disparityIntervals, Dictionary<string, Interval> impactIntervals, CalibrationAccumulator? calibration,
        FairnessOptions options, List<string> warnings)
    {
        var groups = new List<GroupReport>(view.GroupKeys.Length);
        for (var i = 0; i < view.GroupKeys.Length; i++)
        {
            var slot = offset + i;
            var c = counts[slot];
            var small = c.Count < options.MinimumGroupSize;
            if (c.Count == 0)
                warnings.Add($"{view.Name}: group '{view.GroupKeys[i]}' has no rows; its metrics are NaN");
            else if (small)
                warnings.Add($"{view.Name}: group '{view.GroupKeys[i]}' has n={c.Count} < {options.MinimumGroupSize}; treat its metrics as indicative only");
            groups.Add(new GroupReport(view.GroupKeys[i], metrics[slot], intervals[slot], Wilson(c),
                calibration is null || c.Count == 0 ? null : calibration.Curve(slot), small));
        }

        var groupMin = new Dictionary<string, double>();
        var groupMax = new Dictionary<string, double>();
        var values = new double[view.GroupKeys.Length];
        foreach (var metric in metrics[0].Keys)
        {
            // An empty cell has count 0 in by_group but, as in Fairlearn, takes no part in min/max.
            for (var i = 0; i < values.Length; i++)
                values[i] = counts[offset + i].Count == 0 ? double.NaN : metrics[offset + i][metric];
            groupMin[metric] = Disparity.GroupMin(values);
            groupMax[metric] = Disparity.GroupMax(values);
        }

        return new FeatureReport(view.Name, view.Sources, groups, disparities, disparityIntervals, groupMin, groupMax,
            ImpactRatiosFor(view, offset, metrics, options) with { Intervals = impactIntervals });
    }

    /// <summary>The reference group's index (named, or the highest rate) and its rate; -1 when there is none.</summary>
    private static (int Index, double Rate) ImpactReference(FairnessView view, ReadOnlySpan<double> rates, FairnessOptions options)
    {
        if (options.ReferenceGroups.TryGetValue(view.Name, out var named))
        {
            var index = Array.IndexOf(view.GroupKeys, named);
            if (index < 0)
                throw new ArgumentException($"reference group '{named}' is not a group of '{view.Name}' (groups: {string.Join(", ", view.GroupKeys)})");
            return (index, rates[index]);
        }
        var highest = Disparity.GroupMax(rates);
        return (rates.IndexOf(highest), highest);
    }

    private static ImpactRatios ImpactRatiosFor(FairnessView view, int offset, Dictionary<string, double>[] metrics, FairnessOptions options)
    {
        var rates = new double[view.GroupKeys.Length];
        for (var i = 0; i < rates.Length; i++) rates[i] = metrics[offset + i][MetricNames.SelectionRate];
        var basis = options.ReferenceGroups.ContainsKey(view.Name) ? ImpactRatios.NamedReference : ImpactRatios.HighestRate;
        var (referenceIndex, referenceRate) = ImpactReference(view, rates, options);
        var reference = referenceIndex < 0 ? null : view.GroupKeys[referenceIndex];
        var ratios = new Dictionary<string, double>();
        var below = new List<string>();
        for (var i = 0; i < rates.Length; i++)
        {
            var ratio = referenceRate > 0 ? rates[i] / referenceRate : double.NaN;
            ratios[view.GroupKeys[i]] = ratio;
            if (ratio < options.ImpactRatioThreshold) below.Add(view.GroupKeys[i]);
        }
        return new ImpactRatios(basis, reference, referenceRate, options.ImpactRatioThreshold, ratios, below);
    }

    private static Dictionary<string, Interval> Wilson(in ConfusionCounts c)
    {
        if (c.Count == 0) return [];
        return new Dictionary<string, Interval>
        {
            [MetricNames.BaseRate] = WilsonInterval.Compute(c.Positives, c.Count),
            [MetricNames.SelectionRate] = WilsonInterval.Compute(c.PredictedPositives, c.Count),
            [MetricNames.TruePositiveRate] = WilsonInterval.Compute(c.TruePositives, c.Positives),
            [MetricNames.FalsePositiveRate] = WilsonInterval.Compute(c.FalsePositives, c.Negatives),
            [MetricNames.FalseNegativeRate] = WilsonInterval.Compute(c.FalseNegatives, c.Positives),
            [MetricNames.TrueNegativeRate] = WilsonInterval.Compute(c.TrueNegatives, c.Negatives),
            [MetricNames.Accuracy] = WilsonInterval.Compute(c.TruePositives + c.TrueNegatives, c.Count),
            [MetricNames.Precision] = WilsonInterval.Compute(c.TruePositives, c.PredictedPositives),
        };
    }

    private static (double Lower, double Upper) Tails(double confidence) => ((1 - confidence) / 2, 1 - (1 - confidence) / 2);

    private static void BootstrapCounts(
        FairnessInput input, List<FairnessView> views, int[] offsets, SlotMap map, FairnessOptions options,
        Dictionary<string, Interval>[] intervals, Dictionary<string, Interval>[] disparityIntervals,
        Dictionary<string, Interval>[] impactIntervals)
    {
        var random = options.Random!;
        var b = options.BootstrapResamples;
        var slots = map.SlotCount;
        var metricCount = BootstrapLabelMetrics.Length;
        var draws = new double[slots * metricCount][];
        for (var i = 0; i < draws.Length; i++) draws[i] = new double[b];
        var disparityNames = MetricNames.Disparities;
        var disparityDraws = new double[views.Count * disparityNames.Count][];
        for (var i = 0; i < disparityDraws.Length; i++) disparityDraws[i] = new double[b];
        var impactDraws = new double[slots][]; // indexed by the group's slot
        for (var v = 0; v < views.Count; v++)
            for (var g = 0; g < views[v].GroupKeys.Length; g++) impactDraws[offsets[v] + g] = new double[b];

        long total = 0;
        foreach (var c in input.CellCounts) total += c;
        var resampled = new long[input.CellCounts.Length];
        var slotValues = new Dictionary<string, double>[slots];
        for (var r = 0; r < b; r++)
        {
            BinomialSampler.Multinomial(random, total, input.CellCounts, resampled);
            var counts = SlotCounts(resampled, map);
            for (var s = 0; s < slots; s++)
            {
                slotValues[s] ??= [];
                for (var m = 0; m < metricCount; m++)
                {
                    var value = LabelMetrics.Value(BootstrapLabelMetrics[m], counts[s]);
                    slotValues[s][BootstrapLabelMetrics[m]] = value;
                    draws[s * metricCount + m][r] = value;
                }
            }
            for (var v = 0; v < views.Count; v++)
            {
                var d = ViewDisparities(views[v], offsets[v], slotValues, counts, []);
                for (var k = 0; k < disparityNames.Count; k++) disparityDraws[v * disparityNames.Count + k][r] = d[disparityNames[k]];
                var groups = views[v].GroupKeys.Length;
                var rates = new double[groups];
                for (var g = 0; g < groups; g++) rates[g] = slotValues[offsets[v] + g][MetricNames.SelectionRate];
                var (_, referenceRate) = ImpactReference(views[v], rates, options);
                for (var g = 0; g < groups; g++)
                    impactDraws[offsets[v] + g][r] = referenceRate > 0 ? rates[g] / referenceRate : double.NaN;
            }
        }

        var (lo, hi) = Tails(options.ConfidenceLevel);
        for (var s = 0; s < slots; s++)
            for (var m = 0; m < metricCount; m++)
                intervals[s][BootstrapLabelMetrics[m]] = Percentiles(draws[s * metricCount + m], lo, hi);
        for (var v = 0; v < views.Count; v++)
            for (var k = 0; k < disparityNames.Count; k++)
                disparityIntervals[v][disparityNames[k]] = Percentiles(disparityDraws[v * disparityNames.Count + k], lo, hi);
        for (var v = 0; v < views.Count; v++)
            for (var g = 0; g < views[v].GroupKeys.Length; g++)
                impactIntervals[v][views[v].GroupKeys[g]] = Percentiles(impactDraws[offsets[v] + g], lo, hi);
    }

    private static Interval Percentiles(double[] draws, double lower, double upper)
    {
        var n = 0;
        for (var i = 0; i < draws.Length; i++) if (!double.IsNaN(draws[i])) draws[n++] = draws[i];
        var valid = draws.AsSpan(0, n);
        valid.Sort();
        return new Interval(Quantile.OfSorted(valid, lower), Quantile.OfSorted(valid, upper));
    }

    private static void BootstrapScores(ScoredRows rows, SlotMap map, FairnessOptions options, Dictionary<string, Interval>[] intervals)
    {
        var b = options.BootstrapResamples;
        var n = rows.Count;
        var seeds = new ulong[b];
        for (var r = 0; r < b; r++) seeds[r] = (ulong)options.Random!.NextInt64();
        var k = BootstrapScoreMetrics.Length;
        var draws = new double[map.SlotCount * k][];
        for (var i = 0; i < draws.Length; i++) draws[i] = new double[b];
        new ScoreBootstrap(rows.Scores.AsSpan(0, n), rows.CellAndLabel.AsSpan(0, n), map).Run(seeds, draws, options.MaxDegreeOfParallelism);

        var (lo, hi) = Tails(options.ConfidenceLevel);
        for (var s = 0; s < map.SlotCount; s++)
            for (var m = 0; m < k; m++)
                intervals[s][BootstrapScoreMetrics[m]] = Percentiles(draws[s * k + m], lo, hi);
    }
}
