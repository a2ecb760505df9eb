namespace Attest.Engine.Signals;

/// <summary>What a monitoring signal measures (wire names are snake_case: <c>prediction_drift</c>, <c>review_sla_breaches</c>).</summary>
public enum SignalKind { Performance, Fairness, Drift, PredictionDrift, OverrideRate, ReviewSlaBreaches, UngovernedDecisions, Volume }

/// <summary><c>point</c> judges the value; <c>ci</c> fires only when the whole confidence interval is past the threshold.</summary>
public enum SignalJudge { Point, Ci }

public enum SignalStatus { Ok, Breached, InsufficientData }

/// <summary>When a value is past its threshold: written <c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c> (or above, at_least, below, at_most).</summary>
public enum Comparator { Above, AtLeast, Below, AtMost }

public enum AlertSeverity { Low, Medium, High, Critical }

/// <summary>The decisions a signal looks at: those of the last <see cref="Last"/> (by decision time), or the last <see cref="Decisions"/> decisions.</summary>
public sealed record SignalWindow(TimeSpan? Last, int? Decisions)
{
    public string Describe() => Last is { } last ? "last " + Oversight.ReviewDuration.Format(last) : $"last {Decisions} decisions";
}

/// <summary>
/// What a drift signal compares the current window with: a stored reference-data evidence item (a CSV with the feature as a
/// column), or — by default — the window just before the current one (the same length or the same number of decisions).
/// </summary>
public sealed record DriftReference(string? EvidenceId);

public sealed record MonitoringSignal(
    string Id,
    SignalKind Kind,
    string Metric,
    string? Attribute,
    string? Positive,
    string? Feature,
    SignalWindow Window,
    int MinN,
    Comparator Comparator,
    double Threshold,
    SignalJudge Judge,
    AlertSeverity Severity,
    TimeSpan Every,
    bool OpenIncident,
    DriftReference? Reference);

/// <summary>Where alerts go: a webhook (its secret is kept apart from the plan, never shown) or an e-mail address.</summary>
public sealed record MonitoringRoute(string Kind, string? Url, string? To)
{
    public const string Webhook = "webhook";
    public const string Email = "email";
}

public sealed record MonitoringPlan(IReadOnlyList<MonitoringSignal> Signals, IReadOnlyList<MonitoringRoute> Routes, int AutoResolveAfter)
{
    public const string Format = "attest.monitoring-plan/v1";
    public const int DefaultAutoResolveAfter = 3;
}
