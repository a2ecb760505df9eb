using System.Globalization;

namespace Attest.Engine.Gates;

/// <summary>
/// The configuration facts of a model version that material-change rules compare. Each field holds a set
/// of values (one for a scalar such as the architecture, several for user populations or regions).
/// </summary>
public static class ConfigurationFields
{
    public const string TrainingDataSource = "training_data_source";
    public const string LabelPolicy = "label_policy";
    public const string Architecture = "architecture";
    public const string ModelFamily = "model_family";
    public const string PromptTemplateHash = "prompt_template_hash";
    public const string RetrievalCorpus = "retrieval_corpus";
    public const string SafetyFilterPolicy = "safety_filter_policy";
    public const string UserPopulations = "user_populations";
    public const string DeploymentRegions = "deployment_regions";
    public const string DeploymentEnvironments = "deployment_environments";
    public const string IntendedPurpose = "intended_purpose";
    public const string ThirdPartyProvider = "third_party_provider";
    public const string ThirdPartyModel = "third_party_model";
    public const string Jurisdictions = "jurisdictions";

    public static readonly IReadOnlyList<string> All =
    [
        TrainingDataSource, LabelPolicy, Architecture, ModelFamily, PromptTemplateHash, RetrievalCorpus, SafetyFilterPolicy,
        UserPopulations, DeploymentRegions, DeploymentEnvironments, IntendedPurpose, ThirdPartyProvider, ThirdPartyModel, Jurisdictions,
    ];
}

/// <summary>A model version or configuration as material-change rules see it: field values and overall metrics.</summary>
public sealed record ModelConfiguration(
    string Version,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Fields,
    IReadOnlyDictionary<string, double> Metrics)
{
    public IReadOnlyList<string> Values(string field) => Fields.TryGetValue(field, out var v) ? v : [];
}

public enum TriggerKind
{
    /// <summary>Fires when the field's values differ in any way.</summary>
    Changed,
    /// <summary>Fires when the new version has a value the approved one did not (a new region, a new population).</summary>
    Added,
    /// <summary>Fires when a metric got worse by more than the tolerance.</summary>
    MetricRegression,
}

/// <summary>Whether a larger value of a metric is better (accuracy) or worse (log loss, a disparity difference).</summary>
public enum MetricDirection { HigherIsBetter, LowerIsBetter }

/// <summary>One declarative trigger from <c>data/gates/material-change.yaml</c>.</summary>
public sealed record MaterialChangeTrigger(
    string Id,
    TriggerKind Kind,
    string Description,
    string? Field = null,
    string? Metric = null,
    MetricDirection Direction = MetricDirection.HigherIsBetter,
    double Tolerance = 0,
    string Source = "");

/// <summary>One field that differs between the approved and the new version.</summary>
public sealed record FieldDiff(string Field, IReadOnlyList<string> Approved, IReadOnlyList<string> Candidate, IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

public sealed record TriggerCheck(string Trigger, bool Fired, string Detail);

/// <summary>The judgement on a new version: material or not, every trigger checked, and what changed.</summary>
public sealed record MaterialChangeAssessment(
    string ApprovedVersion,
    string CandidateVersion,
    IReadOnlyList<TriggerCheck> Checks,
    IReadOnlyList<FieldDiff> Diff,
    IReadOnlyList<MetricDiff> MetricDiff)
{
    public bool Material => Checks.Any(c => c.Fired);

    public IReadOnlyList<string> Fired => Checks.Where(c => c.Fired).Select(c => c.Trigger).ToArray();
}

public sealed record MetricDiff(string Metric, double? Approved, double? Candidate);

/// <summary>Compares a new model version or configuration with the last approved one. Pure.</summary>
public static class MaterialChangeAssessor
{
    public static MaterialChangeAssessment Assess(IReadOnlyList<MaterialChangeTrigger> triggers, ModelConfiguration approved, ModelConfiguration candidate)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(candidate);
        var diff = new List<FieldDiff>();
        foreach (var field in approved.Fields.Keys.Union(candidate.Fields.Keys).Order(StringComparer.Ordinal))
        {
            var before = approved.Values(field);
            var after = candidate.Values(field);
            var added = after.Except(before, StringComparer.Ordinal).ToArray();
            var removed = before.Except(after, StringComparer.Ordinal).ToArray();
            if (added.Length > 0 || removed.Length > 0)
                diff.Add(new FieldDiff(field, before, after, added, removed));
        }
        var metricDiff = approved.Metrics.Keys.Union(candidate.Metrics.Keys).Order(StringComparer.Ordinal)
            .Select(m => new MetricDiff(m, approved.Metrics.TryGetValue(m, out var a) ? a : null, candidate.Metrics.TryGetValue(m, out var c) ? c : null))
            .Where(d => d.Approved != d.Candidate)
            .ToArray();

        var checks = triggers.Select(t => Check(t, diff, approved, candidate)).ToArray();
        return new MaterialChangeAssessment(approved.Version, candidate.Version, checks, diff, metricDiff);
    }

    private static TriggerCheck Check(MaterialChangeTrigger trigger, List<FieldDiff> diff, ModelConfiguration approved, ModelConfiguration candidate)
    {
        static string List(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
        switch (trigger.Kind)
        {
            case TriggerKind.Changed:
                {
                    var d = diff.FirstOrDefault(x => x.Field == trigger.Field);
                    return d is null
                        ? new TriggerCheck(trigger.Id, false, $"{trigger.Field} unchanged")
                        : new TriggerCheck(trigger.Id, true, $"{trigger.Field}: {List(d.Approved)} → {List(d.Candidate)}");
                }
            case TriggerKind.Added:
                {
                    var d = diff.FirstOrDefault(x => x.Field == trigger.Field);
                    return d is null || d.Added.Count == 0
                        ? new TriggerCheck(trigger.Id, false, $"no new {trigger.Field}")
                        : new TriggerCheck(trigger.Id, true, $"new {trigger.Field}: {List(d.Added)}");
                }
            default:
                {
                    var metric = trigger.Metric!;
                    var tolerance = trigger.Tolerance.ToString("R", CultureInfo.InvariantCulture);
                    if (!approved.Metrics.TryGetValue(metric, out var before) || !candidate.Metrics.TryGetValue(metric, out var after))
                        return new TriggerCheck(trigger.Id, false, $"{metric} not measured on both versions; not compared");
                    // Rounded so that 0.90 → 0.88 with tolerance 0.02 is exactly at the tolerance, not above it by float error.
                    var worse = Math.Round(trigger.Direction == MetricDirection.HigherIsBetter ? before - after : after - before, 12);
                    var shown = string.Create(CultureInfo.InvariantCulture, $"{metric}: {before:0.####} → {after:0.####}");
                    if (double.IsNaN(after) && !double.IsNaN(before))
                        return new TriggerCheck(trigger.Id, true, $"{shown} (no longer measurable)");
                    return worse > trigger.Tolerance
                        ? new TriggerCheck(trigger.Id, true, $"{shown}, worse by {worse.ToString("0.####", CultureInfo.InvariantCulture)} > tolerance {tolerance}")
                        : new TriggerCheck(trigger.Id, false, $"{shown}, within tolerance {tolerance}");
                }
        }
    }
}
