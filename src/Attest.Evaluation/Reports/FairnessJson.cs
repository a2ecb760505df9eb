using System.Text.Json;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Evaluation.Scores;

namespace Attest.Evaluation.Reports;

/// <summary>The documented JSON schema of `attest evaluate fairness` (docs/evaluation.md).</summary>
public static class FairnessJson
{
    public static void Write(Utf8JsonWriter w, FairnessReport report, FairnessRunInfo info, PolicyResult? policy)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(info);
        w.WriteStartObject();
        w.WriteString("kind", "fairness");
        w.WriteString("input", info.Input);
        w.WriteNumber("n", report.N);
        w.Numbers("overall", report.Overall);
        if (report.OverallIntervals.Count > 0) w.Intervals("overall_ci", report.OverallIntervals);
        if (report.OverallCalibration is { } cal) Calibration(w, "calibration", cal);
        w.WriteStartObject("features");
        foreach (var feature in report.Features)
        {
            w.WriteStartObject(feature.Name);
            w.WriteStartArray("sources");
            foreach (var s in feature.SourceFeatures) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartObject("by_group");
            foreach (var g in feature.Groups)
            {
                w.WriteStartObject(g.Key);
                foreach (var (k, v) in g.Metrics) w.Number(k, v);
                if (g.BootstrapIntervals.Count > 0) w.Intervals("ci", g.BootstrapIntervals);
                if (g.WilsonIntervals.Count > 0) w.Intervals("wilson", g.WilsonIntervals);
                if (g.Calibration is { } gc) Calibration(w, "calibration", gc);
                w.WriteBoolean("small_group", g.BelowMinimumSize);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.Numbers("disparities", feature.Disparities);
            if (feature.DisparityIntervals.Count > 0) w.Intervals("disparities_ci", feature.DisparityIntervals);
            w.Numbers("group_min", feature.GroupMin);
            w.Numbers("group_max", feature.GroupMax);
            var ir = feature.ImpactRatios;
            w.WriteStartObject("impact_ratios");
            w.WriteString("basis", ir.Basis);
            if (ir.ReferenceGroup is null) w.WriteNull("reference_group"); else w.WriteString("reference_group", ir.ReferenceGroup);
            w.Number("reference_rate", ir.ReferenceRate);
            w.Number("threshold", ir.Threshold);
            w.Numbers("ratios", ir.Ratios);
            if (ir.Intervals.Count > 0) w.Intervals("ci", ir.Intervals);
            w.WriteStartArray("below_threshold");
            foreach (var g in ir.BelowThreshold) w.WriteStringValue(g);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        if (report.BootstrapResamples > 0)
        {
            w.WriteStartObject("bootstrap");
            w.WriteNumber("resamples", report.BootstrapResamples);
            w.WriteNumber("seed", info.Seed);
            w.Number("confidence", report.ConfidenceLevel);
            w.WriteString("method", "percentile; label metrics resampled on confusion counts (multinomial), score metrics on rows");
            w.WriteEndObject();
        }
        w.WriteStartArray("warnings");
        foreach (var warning in report.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
        if (policy is not null) PolicyJson.Write(w, policy);
        w.WriteEndObject();
    }

    public static void Calibration(Utf8JsonWriter w, string name, CalibrationCurve curve)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(curve);
        w.WriteStartObject(name);
        w.WriteNumber("bins", curve.BinCount);
        w.Number("expected_calibration_error", curve.ExpectedCalibrationError);
        w.WriteStartArray("curve");
        foreach (var b in curve.Bins)
        {
            w.WriteStartObject();
            w.WriteNumber("bin", b.Bin);
            w.WriteNumber("count", b.Count);
            w.Number("mean_score", b.MeanScore);
            w.Number("fraction_positive", b.FractionPositive);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

/// <summary>Facts about a run that are not results: where the data came from and the seed.</summary>
public sealed record FairnessRunInfo(string Input, int Seed);
