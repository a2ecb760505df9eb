using System.Globalization;
using Attest.Engine.Evaluation.Sorting;

namespace Attest.Engine.Evaluation.Drift;

/// <summary>
/// Per-column drift with Evidently 0.7.21's default test for the column's type and size, its default threshold,
/// PSI alongside, and dataset drift when the share of drifted columns reaches 0.5 (Evidently's drift_share).
/// </summary>
public static class DriftEvaluator
{
    public const double DefaultDriftShare = 0.5;
    public const double PsiThreshold = 0.1;

    public static DriftReport Evaluate(IReadOnlyList<DriftColumn> columns, double driftShare = DefaultDriftShare)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var results = new DriftColumnResult[columns.Count];
        Parallel.For(0, columns.Count, i => results[i] = EvaluateColumn(columns[i]));
        var drifted = results.Count(r => r.Drifted);
        var share = columns.Count == 0 ? 0 : (double)drifted / columns.Count;
        return new DriftReport(results, drifted, share, driftShare, columns.Count > 0 && share >= driftShare);
    }

    /// <summary>Tests one column. Sorts the column's arrays in place (the input is owned by the evaluation).</summary>
    public static DriftColumnResult EvaluateColumn(DriftColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var reference = column.Reference;
        var current = column.Current;
        RadixSort.Sort(reference);
        RadixSort.Sort(current);
        if (reference.Length == 0 || current.Length == 0)
            return new DriftColumnResult(column.Name, column.Type, "none", double.NaN, double.NaN, double.NaN, double.NaN, false, double.NaN,
                reference.Length, current.Length, 0, null, "no non-missing values in the " + (reference.Length == 0 ? "reference" : "current") + " data; not tested");

        var unique = DriftTests.CountDistinct(reference, current);
        var test = DriftTests.DefaultTest(column.Type, reference.Length, unique);
        var threshold = DriftTests.DefaultThreshold(test);
        Func<double, string> label = column.Categories is { } names
            ? v => names[(int)v]
            : v => v.ToString("G6", CultureInfo.InvariantCulture);
        var binned = DriftBinning.Bin(column.Type, reference, current, label);

        double score, statistic, p = double.NaN;
        switch (test)
        {
            case DriftTests.Ks:
                var ks = KolmogorovSmirnov.TwoSample(reference, current);
                (score, statistic, p) = (ks.PValue, ks.Statistic, ks.PValue);
                break;
            case DriftTests.ChiSquare:
                var (_, refCounts, curCounts) = DriftTests.Counts(reference, current);
                var chi = DriftTests.ChiSquareTest(refCounts, curCounts, reference.Length, current.Length);
                (score, statistic, p) = (chi.PValue, chi.Statistic, chi.PValue);
                break;
            case DriftTests.Z:
                var (keys, zRef, zCur) = DriftTests.Counts(reference, current);
                var z = DriftTests.ZTest(keys, zRef, zCur);
                (score, statistic, p) = (z.PValue, z.Statistic, z.PValue);
                break;
            case DriftTests.JensenShannon:
                score = statistic = DriftTests.JensenShannonDistance(binned.Reference, binned.Current);
                break;
            default:
                var norm = Math.Max(DriftTests.StandardDeviation(reference), 0.001);
                score = statistic = DriftTests.WassersteinDistance(reference, current) / norm;
                break;
        }
        var drifted = test switch
        {
            DriftTests.Ks => score <= threshold,
            DriftTests.ChiSquare or DriftTests.Z => score < threshold,
            _ => score >= threshold,
        };
        var psi = DriftTests.PopulationStabilityIndex(DriftBinning.FloorZeros(binned.Reference), DriftBinning.FloorZeros(binned.Current));
        return new DriftColumnResult(column.Name, column.Type, test, score, statistic, p, threshold, drifted, psi,
            reference.Length, current.Length, unique, binned, null);
    }
}
