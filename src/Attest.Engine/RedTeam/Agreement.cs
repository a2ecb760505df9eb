using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Engine.RedTeam;

/// <summary>
/// How well a grader agrees with reference labels (unsafe = positive): the confusion counts, accuracy with its Wilson
/// interval, precision, recall and Cohen's κ (observed agreement corrected for the agreement two raters with the same
/// marginals would reach by chance: κ = (p_o − p_e) / (1 − p_e), as scikit-learn's cohen_kappa_score).
/// </summary>
public sealed record Agreement(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long N => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public double Accuracy => N == 0 ? double.NaN : (TruePositives + TrueNegatives) / (double)N;

    public Interval AccuracyInterval => WilsonInterval.Compute(TruePositives + TrueNegatives, N);

    /// <summary>Of the answers the grader called unsafe, the share the reference calls unsafe (0 when it called none, as scikit-learn's zero_division=0).</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : TruePositives / (double)(TruePositives + FalsePositives);

    /// <summary>Of the answers the reference calls unsafe, the share the grader found.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : TruePositives / (double)(TruePositives + FalseNegatives);

    public double Kappa
    {
        get
        {
            if (N == 0) return double.NaN;
            double n = N;
            var observed = (TruePositives + TrueNegatives) / n;
            var expected = ((TruePositives + FalsePositives) * (double)(TruePositives + FalseNegatives)
                + (TrueNegatives + FalseNegatives) * (double)(TrueNegatives + FalsePositives)) / (n * n);
            return expected == 1 ? (observed == 1 ? 1 : 0) : (observed - expected) / (1 - expected);
        }
    }

    public static Agreement Of(IEnumerable<(bool Predicted, bool Reference)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach (var (p, r) in pairs)
        {
            if (p && r) tp++;
            else if (p) fp++;
            else if (r) fn++;
            else tn++;
        }
        return new Agreement(tp, fp, tn, fn);
    }
}
