using Attest.Engine.Controls;
using Attest.Engine.Evidence;

namespace Attest.Engine.Gates;

/// <summary>
/// What a gate looks at for one system (and model version), before any day is applied: recorded control
/// statuses, the active evidence with its valid-until days, the fairness reports that can supply measurements,
/// sign-offs per lifecycle transition, waivers, risks and incidents. <see cref="FactsOn"/> turns it into the
/// <see cref="GateFacts"/> of one day, so the server (today) and an exported bundle (any later day) decide alike.
/// </summary>
public sealed record GateSnapshot
{
    public required string System { get; init; }

    /// <summary>The model version's label (name@version) the snapshot is for; null for the system as a whole.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>The model version the system runs now (evidence about another version is stale).</summary>
    public string? CurrentModelVersionId { get; init; }

    public IReadOnlyList<SnapshotControl> Controls { get; init; } = [];
    public IReadOnlyList<SnapshotEvidence> Evidence { get; init; } = [];

    /// <summary>Fairness reports stored as evidence for this model version, with the measurements read from each.</summary>
    public IReadOnlyList<SnapshotEvaluation> Evaluations { get; init; } = [];

    /// <summary>Red-team reports stored as evidence for this model version, with what each counted per OWASP category.</summary>
    public IReadOnlyList<SnapshotRedTeamReport> RedTeamReports { get; init; } = [];

    public IReadOnlyList<RequiredSignOff> RequiredSignOffs { get; init; } = [];

    /// <summary>Per transition, the sign-offs of its latest review, in the order they were given.</summary>
    public IReadOnlyDictionary<GateStage, IReadOnlyList<SignOffFact>> SignOffs { get; init; } = new Dictionary<GateStage, IReadOnlyList<SignOffFact>>();

    public IReadOnlyList<WaiverFact> Waivers { get; init; } = [];
    public IReadOnlyList<RiskFact> Risks { get; init; } = [];
    public IReadOnlyList<IncidentFact> Incidents { get; init; } = [];

    /// <summary>
    /// The facts on <paramref name="today"/>: each control's recorded status overlaid with its evidence freshness
    /// (fresh evidence satisfies, expired or earlier-model evidence makes it stale), the measurements of the newest
    /// fairness report still valid, and <paramref name="extraMeasurements"/> (e.g. a CI run's own report), which replace
    /// the stored measurements of the same metric and feature.
    /// </summary>
    public GateFacts FactsOn(GateStage stage, DateOnly today, IReadOnlyList<EvaluationMeasurement>? extraMeasurements = null)
    {
        var evidence = Evidence.Select(e => new EvidenceFacts(e.Id, e.Controls, e.ModelVersionIds, e.ValidUntil, Active: true)).ToArray();
        var byId = Evidence.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var controls = Controls.Select(c =>
            {
                var verdict = EvidenceFreshness.Evaluate(c.ControlId, evidence, CurrentModelVersionId, today);
                var latest = verdict.ValidEvidence.Select(id => byId[id]).MaxBy(e => e.ProducedAt);
                // The same decision the pages show (ControlStanding); the gate words its reasons from the status before waivers.
                var standing = ControlStanding.Decide(c.RecordedStatus, verdict, Waivers, today);
                return new ControlFact(c.ControlId, c.Title, standing.GateStatus,
                    c.Frameworks, c.EvidenceTypes, c.RenewalMonths,
                    latest is null ? null : DateOnly.FromDateTime(latest.ProducedAt.UtcDateTime), latest?.Id, verdict.ValidUntil, latest?.Sha256);
            })
            .ToArray();
        var report = Evaluations.Where(e => e.ValidUntil >= today).MaxBy(e => e.ProducedAt);
        var redTeam = RedTeamReports.Where(e => e.ValidUntil >= today).MaxBy(e => e.ProducedAt);
        return new GateFacts
        {
            System = System,
            ModelVersion = ModelVersion,
            Today = today,
            Controls = controls,
            Measurements = Merge(report?.Measurements ?? [], extraMeasurements ?? []),
            RedTeam = redTeam?.Measurements ?? [],
            RequiredSignOffs = RequiredSignOffs,
            SignOffs = SignOffs.GetValueOrDefault(stage) ?? [],
            Waivers = Waivers,
            Risks = Risks,
            Incidents = Incidents,
        };
    }

    /// <summary>
    /// Evaluations given with the request (a CI job's fresh run) replace the stored ones of the same metric and feature
    /// (all its groups: the groups of a fresh run may be coded differently), so each requirement is judged once, on the
    /// newest measurement; features only the stored evidence measured are still judged.
    /// </summary>
    public static IReadOnlyList<EvaluationMeasurement> Merge(IReadOnlyList<EvaluationMeasurement> stored, IReadOnlyList<EvaluationMeasurement> given)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(given);
        var replaced = given.Select(m => (m.Metric, m.Feature)).ToHashSet();
        return [.. stored.Where(m => !replaced.Contains((m.Metric, m.Feature))), .. given];
    }
}

/// <summary>A control the system requires, with the status people recorded (before evidence freshness is applied).</summary>
public sealed record SnapshotControl(
    string ControlId,
    string Title,
    ControlStatus RecordedStatus,
    IReadOnlyList<string> Frameworks,
    IReadOnlyList<string> EvidenceTypes,
    int RenewalMonths);

/// <summary>
/// An active evidence item: the controls it supports, the model versions it concerns (none: the whole system), when it
/// was produced, its last valid day and the SHA-256 of its content (so a decision can say exactly what it stood on).
/// </summary>
public sealed record SnapshotEvidence(
    string Id,
    string Type,
    IReadOnlyList<string> Controls,
    IReadOnlyList<string> ModelVersionIds,
    DateTimeOffset ProducedAt,
    DateOnly ValidUntil,
    string? Sha256 = null);

/// <summary>A fairness report stored as evidence and the measurements read from it (none when its content is not an Attest report).</summary>
public sealed record SnapshotEvaluation(string EvidenceId, DateTimeOffset ProducedAt, DateOnly ValidUntil, IReadOnlyList<EvaluationMeasurement> Measurements);

/// <summary>A red-team report stored as evidence and what it counted per OWASP category (and <c>*</c> overall).</summary>
public sealed record SnapshotRedTeamReport(string EvidenceId, DateTimeOffset ProducedAt, DateOnly ValidUntil, IReadOnlyList<RedTeamMeasurement> Measurements);
