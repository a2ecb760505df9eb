namespace Attest.Engine.Evaluation.Scores;

/// <summary>One non-empty bin of a calibration curve (scikit-learn drops empty bins).</summary>
public sealed record CalibrationBin(int Bin, long Count, double MeanScore, double FractionPositive);

/// <summary>
/// Reliability curve with scikit-learn's uniform strategy: edges linspace(0, 1, bins + 1), a score goes to bin
/// searchsorted(inner edges, score, 'left') — right-closed bins, 1.0 in the last. Expected calibration error
/// = Σ_b n_b/n · |mean score_b − fraction positive_b| over the same bins.
/// </summary>
public sealed record CalibrationCurve(int BinCount, IReadOnlyList<CalibrationBin> Bins, double ExpectedCalibrationError);

/// <summary>Streaming per-slot accumulator for calibration curves.</summary>
public sealed class CalibrationAccumulator
{
    private readonly int _bins;
    private readonly double[] _innerEdges;
    private readonly long[] _count;
    private readonly double[] _sumScore;
    private readonly long[] _sumLabel;

    public CalibrationAccumulator(int slots, int bins)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        _bins = bins;
        var step = 1.0 / bins; // numpy.linspace: i * step + start
        _innerEdges = new double[bins - 1];
        for (var i = 1; i < bins; i++) _innerEdges[i - 1] = i * step + 0.0;
        _count = new long[slots * bins];
        _sumScore = new double[slots * bins];
        _sumLabel = new long[slots * bins];
    }

    public int BinOf(double score)
    {
        var b = (int)Math.Clamp(score * _bins, 0, _bins - 1);
        while (b > 0 && !(_innerEdges[b - 1] < score)) b--;
        while (b < _bins - 1 && _innerEdges[b] < score) b++;
        return b;
    }

    public void Add(int slot, int bin, double score, bool label)
    {
        var i = slot * _bins + bin;
        _count[i]++;
        _sumScore[i] += score;
        if (label) _sumLabel[i]++;
    }

    public CalibrationCurve Curve(int slot)
    {
        long n = 0;
        for (var b = 0; b < _bins; b++) n += _count[slot * _bins + b];
        var bins = new List<CalibrationBin>();
        var ece = 0.0;
        for (var b = 0; b < _bins; b++)
        {
            var i = slot * _bins + b;
            if (_count[i] == 0) continue;
            var meanScore = _sumScore[i] / _count[i];
            var fraction = (double)_sumLabel[i] / _count[i];
            bins.Add(new CalibrationBin(b, _count[i], meanScore, fraction));
            ece += (double)_count[i] / n * Math.Abs(meanScore - fraction);
        }
        return new CalibrationCurve(_bins, bins, n == 0 ? double.NaN : ece);
    }
}
