using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// Canonical JSON after RFC 8785 (JCS) for the values Attest hashes: object members sorted by
/// UTF-16 code units, no insignificant whitespace, minimal string escaping, numbers in their
/// shortest round-trip form. Two semantically equal documents always give the same bytes, which is
/// what makes a payload digest reproducible by an auditor with any JSON library.
/// </summary>
public static class CanonicalJson
{
    public static byte[] ToUtf8Bytes(JsonNode? node) => Encoding.UTF8.GetBytes(ToCanonicalString(node));

    public static string ToCanonicalString(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    WriteString(sb, key);
                    sb.Append(':');
                    Write(sb, value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        // A JsonValue is either backed by a parsed JsonElement or holds a CLR primitive. The common
        // primitives are written directly (ledger hashing runs per entry); others go through their
        // JSON text so they take the same path as parsed values.
        if (value.TryGetValue<string>(out var text))
        {
            WriteString(sb, text);
            return;
        }
        if (value.TryGetValue<long>(out var int64))
        {
            sb.Append(int64.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (value.TryGetValue<int>(out var int32))
        {
            sb.Append(int32.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (value.TryGetValue<bool>(out var boolean))
        {
            sb.Append(boolean ? "true" : "false");
            return;
        }
        if (!value.TryGetValue<JsonElement>(out var element))
        {
            using var document = JsonDocument.Parse(value.ToJsonString());
            element = document.RootElement.Clone();
        }
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(sb, element);
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

    private static void WriteNumber(StringBuilder sb, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            sb.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var d = element.GetDouble();
        if (double.IsNaN(d) || double.IsInfinity(d))
            throw new ArgumentException("Canonical JSON cannot hold NaN or Infinity.", nameof(element));
        if (d == Math.Floor(d) && Math.Abs(d) < 1e21)
        {
            sb.Append(d.ToString("F0", CultureInfo.InvariantCulture));
            return;
        }
        sb.Append(d.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal));
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
