using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// Canonical JSON by RFC 8785 (JCS): object members sorted by UTF-16 code units, no insignificant
/// whitespace, minimal string escaping, numbers as ECMAScript prints doubles (<see cref="FormatNumber"/>). Two semantically equal documents always give the same bytes, which is
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
            WriteInteger(sb, int64);
            return;
        }
        if (value.TryGetValue<int>(out var int32))
        {
            sb.Append(int32.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (value.TryGetValue<double>(out var float64))
        {
            if (!double.IsFinite(float64))
                throw new ArgumentException($"Canonical JSON cannot hold the number {float64.ToString("R", CultureInfo.InvariantCulture)}: it is outside the IEEE 754 double range.", nameof(value));
            sb.Append(FormatNumber(float64));
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
            WriteInteger(sb, integer);
            return;
        }
        if (!element.TryGetDouble(out var d) || !double.IsFinite(d))
            throw new ArgumentException($"Canonical JSON cannot hold the number {element.GetRawText()}: it is outside the IEEE 754 double range.", nameof(element));
        sb.Append(FormatNumber(d));
    }

    /// <summary>An integer as RFC 8785 writes it: as itself when a double holds it exactly, otherwise as that double.</summary>
    public static void WriteInteger(StringBuilder sb, long integer)
    {
        ArgumentNullException.ThrowIfNull(sb);
        // Integers a double holds exactly print as themselves; larger ones are doubles like any other number (RFC 8785 §3.2.2.3).
        if (integer is >= -MaxExactInteger and <= MaxExactInteger)
            sb.Append(integer.ToString(CultureInfo.InvariantCulture));
        else
            sb.Append(FormatNumber(integer));
    }

    private const long MaxExactInteger = 1L << 53;

    /// <summary>
    /// A double as ECMAScript's Number.prototype.toString writes it (ECMA-262 §7.1.12.1), the form
    /// RFC 8785 §3.2.2.3 requires: the shortest digits that round-trip, plain notation for decimal
    /// exponents from -6 to 20, otherwise one digit, an optional fraction, "e", a sign and the exponent
    /// (<c>1e-7</c>, <c>1e+21</c>, <c>1.5e+300</c>). -0 is <c>0</c>.
    /// </summary>
    /// <exception cref="ArgumentException">NaN or an infinity, which JSON cannot hold.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentException("Canonical JSON cannot hold NaN or Infinity.", nameof(value));
        if (value == 0) return "0";
        var (digits, n) = ShortestDigits(Math.Abs(value));
        var k = digits.Length;
        var text = new StringBuilder(k + 8);
        if (value < 0) text.Append('-');
        if (k <= n && n <= 21)
            text.Append(digits).Append('0', n - k);
        else if (0 < n && n <= 21)
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        else if (-6 < n && n <= 0)
            text.Append("0.").Append('0', -n).Append(digits);
        else
        {
            text.Append(digits[0]);
            if (k > 1) text.Append('.').Append(digits, 1, k - 1);
            text.Append('e').Append(n - 1 < 0 ? '-' : '+').Append(Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    /// <summary>
    /// The shortest decimal digits s (no leading or trailing zeros) and exponent n with value = 0.s × 10^n,
    /// from .NET's shortest round-trip formatting ("R"), which picks the same digits as ECMAScript.
    /// </summary>
    private static (string Digits, int N) ShortestDigits(double positive)
    {
        var r = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }
        var point = r.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = point < 0 ? r.Length : point;
        var all = point < 0 ? r : string.Concat(r.AsSpan(0, point), r.AsSpan(point + 1));
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, integerDigits - leadingZeros + exponent);
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
