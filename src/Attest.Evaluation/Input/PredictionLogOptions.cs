namespace Attest.Evaluation.Input;

/// <summary>Which columns of a prediction log hold what.</summary>
public sealed record PredictionLogOptions(
    string Label,
    string Prediction,
    string? Score,
    IReadOnlyList<string> Sensitive,
    string? PositiveLabel = null,
    byte? Delimiter = null);
