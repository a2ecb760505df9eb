using System.Globalization;
using System.Text.Json;

namespace Attest.Core.Features.Monitoring;

/// <summary>Reads one named value out of a decision's canonical JSON object of features or attributes, without building a DOM.</summary>
public static class DecisionFields
{
    /// <summary>Makes the string of a JSON string value (e.g. interned, without allocating a new one each time).</summary>
    internal delegate string StringValue(ref Utf8JsonReader reader);

    /// <summary>The value as text (numbers in their canonical spelling), or null when absent or null.</summary>
    public static string? Text(string? json, string name, out bool isNumber, out double number) =>
        Read(string.IsNullOrEmpty(json) ? default : System.Text.Encoding.UTF8.GetBytes(json), name, null, spellNumbers: true, out isNumber, out number);

    /// <summary>
    /// The one reader of a named value: strings through <paramref name="strings"/> (or a new string), numbers spelled
    /// out only when <paramref name="spellNumbers"/> (a numerical column needs the number, not its text: then "").
    /// </summary>
    internal static string? Read(ReadOnlySpan<byte> json, string name, StringValue? strings, bool spellNumbers, out bool isNumber, out double number)
    {
        isNumber = false;
        number = double.NaN;
        if (json.IsEmpty) return null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return strings is null ? reader.GetString() : strings(ref reader);
                case JsonTokenType.Number:
                    isNumber = true;
                    number = reader.GetDouble();
                    return spellNumbers ? number.ToString("R", CultureInfo.InvariantCulture) : "";
                case JsonTokenType.True:
                    return "true";
                case JsonTokenType.False:
                    return "false";
                default:
                    return null;
            }
        }
        return null;
    }

    public static void AddKeys(string? json, HashSet<string> keys)
    {
        if (string.IsNullOrEmpty(json)) return;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            keys.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }
    }
}
