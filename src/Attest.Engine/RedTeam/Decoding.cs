using System.Text;
using System.Text.RegularExpressions;

namespace Attest.Engine.RedTeam;

/// <summary>
/// Encodings the strategies use, both ways: a probe is sent encoded, and an answer that comes back encoded is decoded
/// before it is graded (a model that answers a base64 question in base64 has still answered it).
/// </summary>
public static partial class Decoding
{
    public sealed record Decoded(string Encoding, string Text);

    public static string ToBase64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The UTF-8 text a base64 string holds; null when it is not base64 of valid UTF-8 text.</summary>
    public static string? FromBase64(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = WhiteSpace().Replace(text, "");
        if (compact.Length == 0 || compact.Length % 4 != 0) return null;
        var buffer = new byte[compact.Length];
        if (!Convert.TryFromBase64String(compact, buffer, out var written)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>ROT13: letters rotated by 13 (its own inverse).</summary>
    public static string Rot13(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= 'a' and <= 'z' => (char)('a' + (c - 'a' + 13) % 26),
                    >= 'A' and <= 'Z' => (char)('A' + (c - 'A' + 13) % 26),
                    _ => c,
                };
            }
        });
    }

    private static readonly (char Plain, char Leet)[] LeetMap = [('a', '4'), ('e', '3'), ('i', '1'), ('o', '0'), ('s', '5'), ('t', '7')];

    public static string ToLeetspeak(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var mapped = Array.FindIndex(LeetMap, p => p.Plain == lower);
            sb.Append(mapped >= 0 ? LeetMap[mapped].Leet : c);
        }
        return sb.ToString();
    }

    /// <summary>Back from leetspeak to lower-case letters (digits become the letters they stand for).</summary>
    public static string FromLeetspeak(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var mapped = Array.FindIndex(LeetMap, p => p.Leet == c);
            sb.Append(mapped >= 0 ? LeetMap[mapped].Plain : char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }

    /// <summary>Latin letters and their Cyrillic / Greek look-alikes (Unicode confusables).</summary>
    private static readonly (char Latin, char Lookalike)[] Homoglyphs =
    [
        ('a', '\u0430'), ('c', '\u0441'), ('e', '\u0435'), ('o', '\u043E'), ('p', '\u0440'), ('x', '\u0445'), ('y', '\u0443'),
        ('i', '\u0456'), ('s', '\u0455'), ('A', '\u0391'), ('B', '\u0392'), ('E', '\u0395'), ('H', '\u0397'), ('K', '\u039A'),
        ('M', '\u039C'), ('O', '\u039F'), ('P', '\u03A1'), ('T', '\u03A4'), ('X', '\u03A7'),
    ];

    public static string ToHomoglyphs(string text) => Map(text, h => h.Latin, h => h.Lookalike);

    public static string FromHomoglyphs(string text) => Map(text, h => h.Lookalike, h => h.Latin);

    private static string Map(string text, Func<(char Latin, char Lookalike), char> from, Func<(char Latin, char Lookalike), char> to)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var i = Array.FindIndex(Homoglyphs, h => from(h) == c);
            sb.Append(i >= 0 ? to(Homoglyphs[i]) : c);
        }
        return sb.ToString();
    }

    /// <summary>An answer that is base64 or ROT13 text, decoded; null when it is neither.</summary>
    public static Decoded? TryDecode(string response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var trimmed = response.Trim().Trim('`').Trim();
        if (Base64Run().Match(trimmed) is { Success: true } run && FromBase64(run.Value) is { } b64 && LooksLikeText(b64))
            return new Decoded("base64", b64);
        var rot = Rot13(trimmed);
        if (CommonWordShare(rot) > CommonWordShare(trimmed) + 0.15 && CommonWordShare(rot) >= 0.2)
            return new Decoded("rot13", rot);
        return null;
    }

    private static bool LooksLikeText(string s) => s.Length > 0 && s.Count(c => char.IsLetter(c) || char.IsWhiteSpace(c) || char.IsPunctuation(c)) >= s.Length * 0.8;

    private static readonly HashSet<string> Common = new(StringComparer.Ordinal)
    {
        "the", "and", "to", "of", "a", "in", "is", "that", "for", "it", "you", "with", "as", "on", "be", "are", "this", "your",
        "can", "by", "or", "not", "have", "will", "from", "an", "i", "how", "what", "here", "step",
    };

    private static double CommonWordShare(string s)
    {
        var words = Word().Matches(s.ToLowerInvariant()).Select(m => m.Value).ToArray();
        return words.Length == 0 ? 0 : words.Count(Common.Contains) / (double)words.Length;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"[A-Za-z0-9+/]{8,}={0,2}")]
    private static partial Regex Base64Run();

    [GeneratedRegex(@"[a-z]+")]
    private static partial Regex Word();
}
