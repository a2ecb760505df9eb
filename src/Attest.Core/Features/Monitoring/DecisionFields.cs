using System.Globalization;
using System.Text.Json;

namespace Attest.Core.Features.Monitoring;

/// <summary>Reads one named value out of a decision's canonical JSON object of features or attributes, without building a DOM.</summary>
public static class DecisionFields
{
    /// <summary>The value as text (numbers in their canonical spelling), or null when absent or null.</summary>
    public static string? Text(string? json, string name, out bool isNumber, out double number)
    {
        isNumber = false;
        number = double.NaN;
        if (string.IsNullOrEmpty(json)) return null;
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
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
                    return reader.GetString();
                case JsonTokenType.Number:
                    isNumber = true;
                    number = reader.GetDouble();
                    return number.ToString("R", CultureInfo.InvariantCulture);
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
