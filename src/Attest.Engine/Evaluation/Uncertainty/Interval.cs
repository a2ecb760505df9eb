namespace Attest.Engine.Evaluation.Uncertainty;

/// <summary>A two-sided interval; NaN bounds mean "undefined" (for example no resample had the group).</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    public static readonly Interval Undefined = new(double.NaN, double.NaN);
}
