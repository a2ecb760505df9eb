namespace Attest.Engine.Evaluation.Fairness;

/// <summary>How to evaluate. Randomness comes only from <see cref="Random"/>, so a seed reproduces a run.</summary>
public sealed record FairnessOptions
{
    /// <summary>Also evaluate the intersection of all sensitive features (key "a&amp;b", groups "x | y").</summary>
    public bool Intersections { get; init; }

    /// <summary>Named reference group per view (feature name or "a&amp;b") for impact ratios; otherwise the highest-rate group.</summary>
    public IReadOnlyDictionary<string, string> ReferenceGroups { get; init; } = new Dictionary<string, string>();

    /// <summary>Bootstrap resamples (0 = none).</summary>
    public int BootstrapResamples { get; init; }

    public Random? Random { get; init; }

    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The four-fifths rule.</summary>
    public double ImpactRatioThreshold { get; init; } = 0.8;

    /// <summary>Groups smaller than this get a warning: their metrics are too noisy to be a finding.</summary>
    public int MinimumGroupSize { get; init; } = 30;

    public int CalibrationBins { get; init; } = 10;

    /// <summary>Score resamples are spread over this many threads; the result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
