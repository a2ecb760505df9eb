using System.Globalization;
using System.Text.Json;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Evaluation.Policy;
using Attest.Engine.Evaluation.Uncertainty;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Turns an <c>attest evaluate fairness --format json</c> report into the measurements a gate's evaluation rules
/// judge: overall metrics, disparities per feature (n = its smallest non-empty group), per-group metrics and
/// impact ratios, each with its bootstrap interval when the report has one. Errors name the file and key.
/// </summary>
public static class FairnessReportMeasurements
{
    public static IReadOnlyList<EvaluationMeasurement> Read(string json, string file, string? evidenceId = null)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{file}: not JSON ({e.Message.Split(" LineNumber:")[0]})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("kind", out var kind) || kind.GetString() != "fairness")
                throw new FormatException($"{file}: expected an 'attest evaluate fairness --format json' report (\"kind\": \"fairness\")");
            var result = new List<EvaluationMeasurement>();
            var n = root.TryGetProperty("n", out var nNode) ? nNode.GetInt64() : 0;
            if (root.TryGetProperty("overall", out var overall))
            {
                var cis = root.TryGetProperty("overall_ci", out var oc) ? oc : default;
                foreach (var m in overall.EnumerateObject())
                    result.Add(new EvaluationMeasurement(m.Name, null, null, Number(m.Value, file, $"overall.{m.Name}"), n, Ci(cis, m.Name, file), evidenceId));
            }
            if (root.TryGetProperty("features", out var features))
            {
                foreach (var feature in features.EnumerateObject())
                {
                    var f = feature.Value;
                    var path = $"features.{feature.Name}";
                    var counts = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (var group in f.GetProperty("by_group").EnumerateObject())
                    {
                        var metrics = group.Value;
                        var count = (long)Number(metrics.GetProperty(MetricNames.Count), file, $"{path}.by_group.{group.Name}.count");
                        counts[group.Name] = count;
                        var groupCis = metrics.TryGetProperty("ci", out var gc) ? gc : default;
                        foreach (var m in metrics.EnumerateObject().Where(m => m.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String))
                            result.Add(new EvaluationMeasurement(m.Name, feature.Name, group.Name, Number(m.Value, file, $"{path}.by_group.{group.Name}.{m.Name}"), count, Ci(groupCis, m.Name, file), evidenceId));
                    }
                    var smallest = counts.Values.Where(c => c > 0).DefaultIfEmpty(0).Min();
                    if (f.TryGetProperty("disparities", out var disparities))
                    {
                        var dcis = f.TryGetProperty("disparities_ci", out var dc) ? dc : default;
                        foreach (var d in disparities.EnumerateObject())
                            result.Add(new EvaluationMeasurement(d.Name, feature.Name, null, Number(d.Value, file, $"{path}.disparities.{d.Name}"), smallest, Ci(dcis, d.Name, file), evidenceId));
                    }
                    if (f.TryGetProperty("impact_ratios", out var impact) && impact.TryGetProperty("ratios", out var ratios))
                    {
                        var ics = impact.TryGetProperty("ci", out var ic) ? ic : default;
                        foreach (var r in ratios.EnumerateObject())
                            result.Add(new EvaluationMeasurement(PolicyRule.ImpactRatio, feature.Name, r.Name, Number(r.Value, file, $"{path}.impact_ratios.ratios.{r.Name}"),
                                counts.GetValueOrDefault(r.Name), Ci(ics, r.Name, file), evidenceId));
                    }
                }
            }
            return result;
        }
    }

    private static double Number(JsonElement e, string file, string path) => e.ValueKind switch
    {
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.String when double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) => v,
        _ => throw new FormatException($"{file}: {path}: expected a number, got {e.ValueKind.ToString().ToLowerInvariant()}"),
    };

    private static Interval? Ci(JsonElement cis, string name, string file) =>
        cis.ValueKind == JsonValueKind.Object && cis.TryGetProperty(name, out var pair) && pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() == 2
            ? new Interval(Number(pair[0], file, name), Number(pair[1], file, name))
            : null;
}
