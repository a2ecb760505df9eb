using System.Text.Json;
using Attest.Engine.Evaluation.Uncertainty;

namespace Attest.Evaluation.Reports;

/// <summary>Writes numbers the way the report schema promises: non-finite values as "NaN"/"Infinity"/"-Infinity".</summary>
internal static class JsonNumbers
{
    public static void Number(this Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        w.Number(value);
    }

    public static void Number(this Utf8JsonWriter w, double value)
    {
        if (double.IsNaN(value)) w.WriteStringValue("NaN");
        else if (double.IsPositiveInfinity(value)) w.WriteStringValue("Infinity");
        else if (double.IsNegativeInfinity(value)) w.WriteStringValue("-Infinity");
        else if (value == Math.Floor(value) && Math.Abs(value) < 9e15) w.WriteNumberValue((long)value);
        else w.WriteNumberValue(value);
    }

    public static void Interval(this Utf8JsonWriter w, string name, Interval interval)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        w.Number(interval.Lower);
        w.Number(interval.Upper);
        w.WriteEndArray();
    }

    public static void Numbers(this Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) w.Number(k, v);
        w.WriteEndObject();
    }

    public static void Intervals(this Utf8JsonWriter w, string name, IReadOnlyDictionary<string, Interval> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) w.Interval(k, v);
        w.WriteEndObject();
    }
}
