using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// Fills a history phrase template such as <c>registered model version {name}@{version} of {subject}</c>:
/// <c>{subject}</c> is the subject's readable name, any other <c>{a.b}</c> is that path in the entry's
/// payload. Values are rendered as text; enum-like words lose their underscores ("in_review" → "in review").
/// </summary>
public static class HistoryPhrase
{
    public const string SubjectPlaceholder = "subject";

    /// <summary>The phrase, or null when a placeholder has no value in this payload (the caller then falls back).</summary>
    public static string? Render(string template, JsonNode? payload, string subjectLabel)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }
            var close = template.IndexOf('}', open + 1);
            if (close < 0) throw new FormatException($"Unclosed '{{' at position {open} in history phrase \"{template}\".");
            text.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            var value = name == SubjectPlaceholder ? subjectLabel : Value(payload, name);
            if (string.IsNullOrEmpty(value)) return null;
            text.Append(value);
            i = close + 1;
        }
        return text.ToString();
    }

    /// <summary>The placeholder names in <paramref name="template"/>, for validating a phrase file.</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        var names = new List<string>();
        var i = 0;
        while ((i = template.IndexOf('{', i)) >= 0)
        {
            var close = template.IndexOf('}', i + 1);
            if (close < 0) throw new FormatException($"Unclosed '{{' at position {i}.");
            var name = template[(i + 1)..close];
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '_' or '.')))
                throw new FormatException($"Placeholder '{{{name}}}' at position {i} must be 'subject' or a payload path such as 'after.name'.");
            names.Add(name);
            i = close + 1;
        }
        return names;
    }

    private static string? Value(JsonNode? payload, string path)
    {
        var node = payload;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node)) return null;
        }
        return Format(node);
    }

    private static string? Format(JsonNode? node) =>
        node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => LooksLikeWord(s) ? s.Replace('_', ' ') : s,
            JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "yes" : "no",
            JsonArray a => string.Join(", ", a.Select(Format).Where(x => x is not null)),
            _ => null,
        };

    // snake_case vocabulary words read better spaced; names, slugs and versions stay as they are.
    private static bool LooksLikeWord(string s) => s.Contains('_', StringComparison.Ordinal) && s.All(c => c is '_' || char.IsAsciiLetterLower(c));
}
