using Attest.Engine.Evaluation.Drift;

namespace Attest.Engine.Signals;

/// <summary>
/// The facts of one signal's window, gathered by Core: for performance and fairness either the decision rows (aligned
/// lists of output, observed outcome and the attribute's group) or their <see cref="Labels"/> counted while reading,
/// reference and current columns for drift, and counts for the rest.
/// </summary>
public sealed class SignalInput
{
    /// <summary>Decisions in the window.</summary>
    public long Decisions { get; init; }

    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>Observed outcome per decision (null while it has not arrived).</summary>
    public IReadOnlyList<string?> Outcomes { get; init; } = [];

    /// <summary>The attribute's value per decision (null when the decision did not carry it); empty without an attribute.</summary>
    public IReadOnlyList<string?> Groups { get; init; } = [];

    /// <summary>The rows already counted for this signal (its attribute, positive value and need of outcomes); when set, the row lists are not read.</summary>
    public LabelCounts? Labels { get; init; }

    public double[] Reference { get; init; } = [];
    public double[] Current { get; init; } = [];
    public DriftColumnType ColumnType { get; init; } = DriftColumnType.Numerical;

    /// <summary>Names of category codes for a categorical drift column.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    public long ReviewsResolved { get; init; }
    public long Overridden { get; init; }
    public long ReviewItems { get; init; }
    public long SlaBreaches { get; init; }
    public long Ungoverned { get; init; }
}

/// <summary>One evaluation: the value (null when there was nothing to measure), its interval for <c>judge: ci</c>, the sample size, and the group or feature it is about.</summary>
public sealed record SignalResult(SignalStatus Status, double? Value, double? Lower, double? Upper, long N, string Target, string Summary);
