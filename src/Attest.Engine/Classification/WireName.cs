using System.Collections.Frozen;
using System.Text;

namespace Attest.Engine.Classification;

/// <summary>
/// The snake_case names enum values carry in data files and JSON (e.g. <c>SocialScoring</c> ↔
/// <c>social_scoring</c>). One rule for every enum, so the public contract cannot drift from the code.
/// </summary>
public static class WireName
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Cache<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string wire, out TEnum value) where TEnum : struct, Enum =>
        Cache<TEnum>.FromWire.TryGetValue(wire, out value);

    /// <summary>All wire names of an enum in declaration order, for "expected one of ..." messages.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Cache<TEnum>.Names;

    internal static string ToSnakeCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => ToSnakeCase(v.ToString()));

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly IReadOnlyList<string> Names = Enum.GetValues<TEnum>().Select(v => ToWire[v]).ToArray();
    }
}
