using System.Globalization;
using System.Text.Json;
using Attest.Engine.Evaluation.Scores;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Evaluation.Reports;

/// <summary>
/// Reading helpers for reports Attest wrote itself and stored as evidence. A stored file is untrusted input
/// (anyone with evidence rights uploads it), so every shape problem is a <see cref="FormatException"/> naming the path.
/// </summary>
public static class StoredJson
{
    /// <summary>Reports are parsed whole; anything deeper than the schema's nesting is not one of ours.</summary>
    public static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <exception cref="FormatException">The text is not JSON (or nests deeper than a report does).</exception>
    public static JsonDocument Parse(string json)
    {
        try { return JsonDocument.Parse(json, Options); }
        catch (JsonException e) { throw new FormatException($"not JSON: {e.Message}", e); }
    }

    public static JsonElement Property(JsonElement o, string name, string path)
    {
        if (o.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: expected an object");
        return o.TryGetProperty(name, out var v) ? v : throw new FormatException($"{path}.{name}: missing");
    }

    public static JsonElement? Optional(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string String(JsonElement v, string path) =>
        v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"{path}: expected a string");

    /// <summary>A number as the report schema writes it: JSON number, or "NaN" / "Infinity" / "-Infinity".</summary>
    public static double Number(JsonElement v, string path) => v.ValueKind switch
    {
        JsonValueKind.Number => v.GetDouble(),
        JsonValueKind.String when v.GetString() is "NaN" or "Infinity" or "-Infinity" =>
            double.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.Null => double.NaN,
        _ => throw new FormatException($"{path}: expected a number"),
    };

    public static long Integer(JsonElement v, string path) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw new FormatException($"{path}: expected an integer");

    public static bool Boolean(JsonElement v, string path) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new FormatException($"{path}: expected true or false"),
    };

    public static IReadOnlyList<string> Strings(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}: expected a list");
        return [.. v.EnumerateArray().Select((e, i) => String(e, $"{path}[{i}]"))];
    }

    public static double[] Numbers(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}: expected a list");
        return [.. v.EnumerateArray().Select((e, i) => Number(e, $"{path}[{i}]"))];
    }

    /// <summary>An object of named numbers, in the file's order (the order the report was written in).</summary>
    public static Dictionary<string, double> NumberMap(JsonElement v, string path, Func<string, bool>? include = null)
    {
        if (v.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: expected an object");
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
            if (include is null || include(p.Name))
                result[p.Name] = Number(p.Value, $"{path}.{p.Name}");
        return result;
    }

    public static Dictionary<string, Interval> IntervalMap(JsonElement? v, string path)
    {
        var result = new Dictionary<string, Interval>(StringComparer.Ordinal);
        if (v is not { } o) return result;
        if (o.ValueKind != JsonValueKind.Object) throw new FormatException($"{path}: expected an object");
        foreach (var p in o.EnumerateObject())
        {
            var pair = Numbers(p.Value, $"{path}.{p.Name}");
            if (pair.Length != 2) throw new FormatException($"{path}.{p.Name}: expected [lower, upper]");
            result[p.Name] = new Interval(pair[0], pair[1]);
        }
        return result;
    }

    public static CalibrationCurve? Calibration(JsonElement? v, string path)
    {
        if (v is not { } o) return null;
        var bins = new List<CalibrationBin>();
        var curve = Property(o, "curve", path);
        if (curve.ValueKind != JsonValueKind.Array) throw new FormatException($"{path}.curve: expected a list");
        var i = 0;
        foreach (var b in curve.EnumerateArray())
        {
            var at = $"{path}.curve[{i++}]";
            bins.Add(new CalibrationBin((int)Integer(Property(b, "bin", at), $"{at}.bin"), Integer(Property(b, "count", at), $"{at}.count"),
                Number(Property(b, "mean_score", at), $"{at}.mean_score"), Number(Property(b, "fraction_positive", at), $"{at}.fraction_positive")));
        }
        return new CalibrationCurve((int)Integer(Property(o, "bins", path), $"{path}.bins"), bins,
            Number(Property(o, "expected_calibration_error", path), $"{path}.expected_calibration_error"));
    }
}
