using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Attest.Core.Common;

/// <summary>
/// A JSON input the binder refuses with a message of its own: <see cref="Detail"/> names the problem,
/// <see cref="Member"/> the place inside the field (e.g. <c>lr</c> of <c>config</c>), empty for the field itself.
/// </summary>
public sealed class JsonInputException(string detail, string member = "") : JsonException(detail)
{
    public string Detail { get; } = detail;
    public string Member { get; } = member;
}

/// <summary>
/// Doubles as a caller may send them: finite numbers only. <c>1e400</c> (which a plain parse turns into
/// infinity) and "NaN" / "Infinity" are refused at binding, where the field can still be named, instead
/// of failing later when the value is hashed into the ledger. Non-finite values Attest computes itself
/// are still written as the named literals.
/// </summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetDouble(out var value) && double.IsFinite(value)) return value;
            throw new JsonInputException($"the number {RawText(ref reader)} is outside the range of a double (about ±1.8e308)");
        }
        if (reader.TokenType == JsonTokenType.String && (options.NumberHandling & JsonNumberHandling.AllowReadingFromString) != 0)
        {
            var text = reader.GetString();
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)) return parsed;
            throw new JsonInputException($"\"{text}\" is not a finite number");
        }
        throw new JsonInputException($"expected a number, got {Describe(reader.TokenType)}");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    internal static string RawText(ref Utf8JsonReader reader)
    {
        var raw = System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);
        return raw.Length > 40 ? raw[..40] + "…" : raw;
    }

    internal static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "text",
        JsonTokenType.True or JsonTokenType.False => "true/false",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}

/// <summary>
/// Free-form JSON a caller sends (a model's configuration): read strictly, since it ends up hashed into
/// the ledger — no duplicate member names, only numbers a double can hold, at most 32 levels deep.
/// </summary>
public sealed class StrictJsonObjectConverter : JsonConverter<JsonObject>
{
    public const int MaxDepth = 32;

    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonInputException($"expected an object, got {FiniteDoubleConverter.Describe(reader.TokenType)}");
        using var document = JsonDocument.ParseValue(ref reader);
        try
        {
            Check(document.RootElement, "", 0);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("UTF-16", StringComparison.Ordinal) || e.Message.Contains("surrogate", StringComparison.Ordinal))
        {
            throw new JsonInputException("holds text that is not valid Unicode (an escaped lone surrogate such as \\ud800)");
        }
        return JsonObject.Create(document.RootElement.Clone());
    }

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.WriteTo(writer, options);
    }

    private static void Check(JsonElement element, string path, int depth)
    {
        if (depth > MaxDepth) throw new JsonInputException($"is nested more than {MaxDepth} levels deep", path);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                    if (!names.Add(property.Name)) throw new JsonInputException("appears twice", at);
                    Check(property.Value, at, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray()) Check(item, $"{path}[{i++}]", depth + 1);
                break;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
                    throw new JsonInputException($"is the number {element.GetRawText()}, outside the range of a double (about ±1.8e308)", path);
                break;
            case JsonValueKind.String:
                _ = element.GetString(); // decodes the escapes: a lone surrogate throws here, not when the value is hashed
                break;
        }
    }
}
