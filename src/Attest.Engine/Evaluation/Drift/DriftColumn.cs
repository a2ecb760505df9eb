namespace Attest.Engine.Evaluation.Drift;

public enum DriftColumnType { Numerical, Categorical }

/// <summary>
/// One column of the reference and current data, missing and infinite values already dropped (as Evidently
/// does). Categorical values are category codes; <see cref="Categories"/> names them (null for numbers).
/// </summary>
public sealed record DriftColumn(string Name, DriftColumnType Type, double[] Reference, double[] Current, IReadOnlyList<string>? Categories = null);

public sealed record DriftColumnResult(
    string Name,
    DriftColumnType Type,
    string Test,
    double DriftScore,
    double Statistic,
    double PValue,
    double Threshold,
    bool Drifted,
    double Psi,
    int ReferenceCount,
    int CurrentCount,
    int UniqueValues,
    DriftBinning.Binned? Histogram,
    string? Note);

public sealed record DriftReport(IReadOnlyList<DriftColumnResult> Columns, int DriftedColumns, double ShareDrifted, double DriftShareThreshold, bool DatasetDrift);
