using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Engine.Ledger;

namespace Attest.Engine.Oversight;

/// <summary>
/// Writes canonical JSON (the rules of <see cref="CanonicalJson"/>: sorted keys, minimal escaping, shortest numbers)
/// straight from values and <see cref="JsonElement"/>s, without building a <c>JsonNode</c> tree — decisions are hashed
/// tens of thousands of times a second. The output is byte for byte what <see cref="CanonicalJson"/> writes for the same
/// value (a property test holds the two together).
/// </summary>
public static class CanonicalText
{
    public static string Of(JsonElement element)
    {
        var sb = new StringBuilder();
        AppendElement(sb, element);
        return sb.ToString();
    }

    public static void AppendElement(StringBuilder sb, JsonElement element)
    {
        ArgumentNullException.ThrowIfNull(sb);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var p in element.EnumerateObject()) properties.Add(p);
                properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                sb.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    // A key twice has no one meaning: the two readers of the document could disagree on it.
                    if (i + 1 < properties.Count && properties[i].Name == properties[i + 1].Name)
                        throw new FormatException($"the key '{properties[i].Name}' appears twice in one object");
                    if (i > 0) sb.Append(',');
                    AppendString(sb, properties[i].Name);
                    sb.Append(':');
                    AppendElement(sb, properties[i].Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) sb.Append(',');
                    first = false;
                    AppendElement(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                AppendString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var integer))
                    CanonicalJson.WriteInteger(sb, integer);
                else
                    AppendNumber(sb, element.GetDouble());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>A number exactly as the ledger's canonical JSON writes it (RFC 8785: ECMAScript's Number.prototype.toString).</summary>
    public static void AppendNumber(StringBuilder sb, double d)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(Ledger.CanonicalJson.FormatNumber(d));
    }

    public static string Number(double d)
    {
        var sb = new StringBuilder(24);
        AppendNumber(sb, d);
        return sb.ToString();
    }

    public static void AppendString(StringBuilder sb, string s)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(s);
        sb.Append('"');
        var clean = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null) continue;
            sb.Append(s, clean, i - clean).Append(escape);
            clean = i + 1;
        }
        sb.Append(s, clean, s.Length - clean).Append('"');
    }

    /// <summary>A map of names to numbers as a canonical JSON object.</summary>
    public static void AppendNumbers(StringBuilder sb, IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(values);
        sb.Append('{');
        var first = true;
        foreach (var key in SortedKeys(values.Keys))
        {
            if (!first) sb.Append(',');
            first = false;
            AppendString(sb, key);
            sb.Append(':');
            AppendNumber(sb, values[key]);
        }
        sb.Append('}');
    }

    /// <summary>A map of names to features (numbers or texts) as a canonical JSON object.</summary>
    public static void AppendFeatures(StringBuilder sb, IReadOnlyDictionary<string, FeatureValue> values)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(values);
        sb.Append('{');
        var first = true;
        foreach (var key in SortedKeys(values.Keys))
        {
            if (!first) sb.Append(',');
            first = false;
            AppendString(sb, key);
            sb.Append(':');
            var v = values[key];
            if (v.Number is { } n) AppendNumber(sb, n);
            else if (v.Text is { } t) AppendString(sb, t);
            else sb.Append("null");
        }
        sb.Append('}');
    }

    private static string[] SortedKeys(IEnumerable<string> keys)
    {
        var array = keys.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        return array;
    }
}
