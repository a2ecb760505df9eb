using Attest.Engine.Evaluation.Scores;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.Evaluation.Fairness;

public sealed record FairnessReport(
    long N,
    IReadOnlyDictionary<string, double> Overall,
    IReadOnlyDictionary<string, Interval> OverallIntervals,
    CalibrationCurve? OverallCalibration,
    IReadOnlyList<FeatureReport> Features,
    IReadOnlyList<string> Warnings,
    int BootstrapResamples,
    double ConfidenceLevel);

/// <summary>Results for one sensitive feature or intersection ("view").</summary>
public sealed record FeatureReport(
    string Name,
    IReadOnlyList<string> SourceFeatures,
    IReadOnlyList<GroupReport> Groups,
    IReadOnlyDictionary<string, double> Disparities,
    IReadOnlyDictionary<string, Interval> DisparityIntervals,
    IReadOnlyDictionary<string, double> GroupMin,
    IReadOnlyDictionary<string, double> GroupMax,
    ImpactRatios ImpactRatios);

public sealed record GroupReport(
    string Key,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, Interval> BootstrapIntervals,
    IReadOnlyDictionary<string, Interval> WilsonIntervals,
    CalibrationCurve? Calibration,
    bool BelowMinimumSize);

/// <summary>Selection-rate impact ratios (four-fifths rule) against the highest-rate or a named reference group.</summary>
public sealed record ImpactRatios(
    string Basis,
    string? ReferenceGroup,
    double ReferenceRate,
    double Threshold,
    IReadOnlyDictionary<string, double> Ratios,
    IReadOnlyList<string> BelowThreshold)
{
    /// <summary>Bootstrap percentile intervals per group (empty without --bootstrap).</summary>
    public IReadOnlyDictionary<string, Interval> Intervals { get; init; } = new Dictionary<string, Interval>();

    public const string HighestRate = "highest_selection_rate";
    public const string NamedReference = "reference_group";
}
