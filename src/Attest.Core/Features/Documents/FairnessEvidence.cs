using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attest.Core.Features.Documents;

/// <summary>The numbers of a stored fairness report (attest evaluate fairness JSON) that documents quote.</summary>
public sealed record FairnessEvidence(string EvidenceId, string Input, long N, IReadOnlyDictionary<string, double> Overall,
    IReadOnlyDictionary<string, double[]> OverallCi, IReadOnlyList<FairnessFeature> Features)
{
    /// <summary>The metrics documents show, in this order, when the report has them.</summary>
    public static readonly string[] Headline = ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "selection_rate", "roc_auc"];

    /// <summary>Parses a fairness report; null when the content is not one (another kind of JSON, or not JSON).</summary>
    public static FairnessEvidence? TryParse(string evidenceId, byte[] content)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(content); }
        catch (JsonException) { return null; }
        if (root is not JsonObject o || o["kind"]?.GetValueKind() != JsonValueKind.String || o["kind"]!.GetValue<string>() != "fairness") return null;
        var features = new List<FairnessFeature>();
        foreach (var (name, node) in o["features"] as JsonObject ?? [])
        {
            var groups = new List<FairnessGroup>();
            foreach (var (group, g) in node?["by_group"] as JsonObject ?? [])
                groups.Add(new FairnessGroup(group, Numbers(g as JsonObject), Intervals(g?["ci"] as JsonObject)));
            features.Add(new FairnessFeature(name, groups, Numbers(node?["disparities"] as JsonObject)));
        }
        return new FairnessEvidence(evidenceId, o["input"]?.ToString() ?? "", o["n"]?.GetValue<long>() ?? 0,
            Numbers(o["overall"] as JsonObject), Intervals(o["overall_ci"] as JsonObject), features);
    }

    private static Dictionary<string, double> Numbers(JsonObject? o) =>
        (o ?? []).Where(p => p.Value?.GetValueKind() == JsonValueKind.Number).ToDictionary(p => p.Key, p => p.Value!.GetValue<double>());

    private static Dictionary<string, double[]> Intervals(JsonObject? o) =>
        (o ?? []).Where(p => p.Value is JsonArray { Count: 2 } a && a.All(v => v?.GetValueKind() == JsonValueKind.Number))
            .ToDictionary(p => p.Key, p => p.Value!.AsArray().Select(v => v!.GetValue<double>()).ToArray());

    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}

public sealed record FairnessFeature(string Name, IReadOnlyList<FairnessGroup> Groups, IReadOnlyDictionary<string, double> Disparities);

public sealed record FairnessGroup(string Name, IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, double[]> Ci);
