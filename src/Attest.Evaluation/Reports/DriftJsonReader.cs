using System.Text.Json;
using Attest.Engine.Evaluation.Drift;
using static Attest.Evaluation.Reports.StoredJson;

namespace Attest.Evaluation.Reports;

/// <summary>A drift report read back from the JSON <see cref="DriftReports.Json"/> wrote, to show it again.</summary>
public sealed record StoredDriftReport(DriftReport Report, DriftRunInfo Info);

/// <summary>Reads the documented drift JSON (docs/evaluation.md) back; writing what was read gives the same bytes (tested).</summary>
public static class DriftJsonReader
{
    /// <exception cref="FormatException">The text is not a drift report; the message names the path.</exception>
    public static StoredDriftReport Read(string json)
    {
        using var document = StoredJson.Parse(json);
        return Read(document.RootElement);
    }

    /// <summary>The same, over a document already parsed (with <see cref="StoredJson.Options"/>).</summary>
    public static StoredDriftReport Read(JsonElement root)
    {
        if (Optional(root, "kind") is not { ValueKind: JsonValueKind.String } kind || kind.GetString() != "drift")
            throw new FormatException("$.kind: not a drift report");
        var columns = new List<DriftColumnResult>();
        foreach (var c in Property(root, "columns", "$").EnumerateObject())
            columns.Add(Column(c.Name, c.Value, $"$.columns.{c.Name}"));
        var report = new DriftReport(columns,
            (int)Integer(Property(root, "number_drifted", "$"), "$.number_drifted"),
            Number(Property(root, "share_drifted", "$"), "$.share_drifted"),
            Number(Property(root, "drift_share_threshold", "$"), "$.drift_share_threshold"),
            Boolean(Property(root, "dataset_drift", "$"), "$.dataset_drift"));
        var info = new DriftRunInfo(
            String(Property(root, "reference", "$"), "$.reference"),
            String(Property(root, "current", "$"), "$.current"),
            Integer(Property(root, "n_reference", "$"), "$.n_reference"),
            Integer(Property(root, "n_current", "$"), "$.n_current"),
            Strings(Property(root, "skipped_text_columns", "$"), "$.skipped_text_columns"));
        return new StoredDriftReport(report, info);
    }

    private static DriftColumnResult Column(string name, JsonElement c, string path)
    {
        var type = String(Property(c, "type", path), $"{path}.type") switch
        {
            "numerical" => DriftColumnType.Numerical,
            "categorical" => DriftColumnType.Categorical,
            var other => throw new FormatException($"{path}.type: '{other}' is not numerical or categorical"),
        };
        DriftBinning.Binned? bins = null;
        if (Optional(c, "bins") is { } b)
        {
            var at = $"{path}.bins";
            var labels = Strings(Property(b, "labels", at), $"{at}.labels");
            var reference = Numbers(Property(b, "reference_share", at), $"{at}.reference_share");
            var current = Numbers(Property(b, "current_share", at), $"{at}.current_share");
            if (reference.Length != labels.Count || current.Length != labels.Count)
                throw new FormatException($"{at}: labels, reference_share and current_share differ in length");
            var sturges = String(Property(b, "rule", at), $"{at}.rule") == "sturges";
            // The page prints a Sturges bin by its start, which the label carries as "[start, end)".
            if (sturges && labels.Any(l => l.Length < 2 || l.IndexOf(',', StringComparison.Ordinal) < 1))
                throw new FormatException($"{at}.labels: a Sturges bin label is \"[start, end)\"");
            bins = new DriftBinning.Binned(labels, reference, current, sturges);
        }
        return new DriftColumnResult(name, type,
            String(Property(c, "test", path), $"{path}.test"),
            Number(Property(c, "drift_score", path), $"{path}.drift_score"),
            Number(Property(c, "statistic", path), $"{path}.statistic"),
            Number(Property(c, "p_value", path), $"{path}.p_value"),
            Number(Property(c, "threshold", path), $"{path}.threshold"),
            Boolean(Property(c, "drifted", path), $"{path}.drifted"),
            Number(Property(c, "psi", path), $"{path}.psi"),
            (int)Integer(Property(c, "n_reference", path), $"{path}.n_reference"),
            (int)Integer(Property(c, "n_current", path), $"{path}.n_current"),
            (int)Integer(Property(c, "n_unique", path), $"{path}.n_unique"),
            bins,
            Optional(c, "note") is { } note ? String(note, $"{path}.note") : null);
    }
}
