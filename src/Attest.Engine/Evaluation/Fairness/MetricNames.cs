namespace Attest.Engine.Evaluation.Fairness;

/// <summary>The metric and disparity names of the public JSON contract (issue 7); never rename.</summary>
public static class MetricNames
{
    public const string Count = "count";
    public const string BaseRate = "base_rate";
    public const string SelectionRate = "selection_rate";
    public const string TruePositiveRate = "true_positive_rate";
    public const string FalsePositiveRate = "false_positive_rate";
    public const string FalseNegativeRate = "false_negative_rate";
    public const string TrueNegativeRate = "true_negative_rate";
    public const string Accuracy = "accuracy";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string F1 = "f1";
    public const string BalancedAccuracy = "balanced_accuracy";
    public const string RocAuc = "roc_auc";
    public const string LogLoss = "log_loss";
    public const string Brier = "brier";
    public const string ExpectedCalibrationError = "expected_calibration_error";

    public static readonly IReadOnlyList<string> Label =
    [
        Count, BaseRate, SelectionRate, TruePositiveRate, FalsePositiveRate, FalseNegativeRate, TrueNegativeRate,
        Accuracy, Precision, Recall, F1, BalancedAccuracy,
    ];

    public static readonly IReadOnlyList<string> Score = [RocAuc, LogLoss, Brier, ExpectedCalibrationError];

    /// <summary>Rates that are a share of rows, so a Wilson interval applies.</summary>
    public static readonly IReadOnlyList<string> Rates =
    [
        BaseRate, SelectionRate, TruePositiveRate, FalsePositiveRate, FalseNegativeRate, TrueNegativeRate, Accuracy, Precision,
    ];

    public const string DemographicParityDifference = "demographic_parity_difference";
    public const string DemographicParityRatio = "demographic_parity_ratio";
    public const string EqualizedOddsDifference = "equalized_odds_difference";
    public const string EqualizedOddsRatio = "equalized_odds_ratio";
    public const string EqualOpportunityDifference = "equal_opportunity_difference";
    public const string EqualOpportunityRatio = "equal_opportunity_ratio";
    public const string ToOverallSuffix = "_to_overall";

    public static readonly IReadOnlyList<string> Disparities =
    [
        DemographicParityDifference, DemographicParityRatio, EqualizedOddsDifference, EqualizedOddsRatio,
        EqualOpportunityDifference, EqualOpportunityRatio,
        DemographicParityDifference + ToOverallSuffix, DemographicParityRatio + ToOverallSuffix,
        EqualizedOddsDifference + ToOverallSuffix, EqualizedOddsRatio + ToOverallSuffix,
        EqualOpportunityDifference + ToOverallSuffix, EqualOpportunityRatio + ToOverallSuffix,
    ];
}
