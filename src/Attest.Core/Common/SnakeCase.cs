using System.Collections.Concurrent;
using System.Text.Json;

namespace Attest.Core.Common;

/// <summary>The snake_case words used for enum values everywhere users see them (API, CLI, data files, database).</summary>
public static class SnakeCase
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, object>> Parsers = new();

    public static string Of(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    public static string FromEnum<TEnum>(TEnum value) where TEnum : struct, Enum => Of(value.ToString());

    public static TEnum ToEnum<TEnum>(string value) where TEnum : struct, Enum =>
        TryParse<TEnum>(value, out var parsed) ? parsed : throw new FormatException($"'{value}' is not one of {Allowed<TEnum>()}.");

    public static bool TryParse<TEnum>(string? value, out TEnum parsed) where TEnum : struct, Enum
    {
        var map = Parsers.GetOrAdd(typeof(TEnum), _ => Enum.GetValues<TEnum>().ToDictionary(v => FromEnum(v), v => (object)v, StringComparer.Ordinal));
        if (value is not null && map.TryGetValue(value, out var found))
        {
            parsed = (TEnum)found;
            return true;
        }
        parsed = default;
        return false;
    }

    public static string Allowed<TEnum>() where TEnum : struct, Enum => string.Join(" | ", Enum.GetValues<TEnum>().Select(FromEnum));
}
