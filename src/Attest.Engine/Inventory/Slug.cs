using System.Text.RegularExpressions;

namespace Attest.Engine.Inventory;

/// <summary>Human-readable identifiers used in URLs and on the command line.</summary>
public static partial class Slug
{
    public const int MaxLength = 64;

    public static bool IsValid(string? value) =>
        value is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(value);

    public const string Rule = "lowercase letters, digits and single hyphens (e.g. credit-scoring), at most 64 characters";

    /// <summary>
    /// A slug made from a name: "Consumer Crédit Scoring (EU)" → "consumer-credit-scoring-eu". Accents are dropped,
    /// every run of other characters becomes one hyphen, and a long name is cut at a hyphen within 64 characters.
    /// Null when nothing usable is left (a name of only symbols or non-Latin script).
    /// </summary>
    public static string? Suggest(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var text = new System.Text.StringBuilder(name.Length);
        var pendingHyphen = false;
        foreach (var c in name)
        {
            // Folded by table, not by Unicode normalisation: Attest runs with invariant globalization.
            var lower = char.ToLowerInvariant(c);
            var folded = lower is >= 'a' and <= 'z' or >= '0' and <= '9' ? lower.ToString() : Folds.GetValueOrDefault(lower);
            if (folded is null)
            {
                pendingHyphen = true;
                continue;
            }
            if (pendingHyphen && text.Length > 0) text.Append('-');
            pendingHyphen = false;
            text.Append(folded);
        }
        if (text.Length == 0) return null;
        var slug = text.ToString();
        if (slug.Length > MaxLength)
        {
            var cut = slug.LastIndexOf('-', MaxLength);
            slug = cut > 0 ? slug[..cut] : slug[..MaxLength];
        }
        return slug;
    }

    // Latin letters with diacritics and ligatures as their plain ASCII spelling (Latin-1 Supplement and Latin Extended-A).
    private static readonly Dictionary<char, string> Folds = BuildFolds(
        ("a", "àáâãäåāăą"), ("ae", "æ"), ("c", "çćĉċč"), ("d", "ďđð"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥħ"),
        ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"), ("o", "òóôõöøōŏő"), ("oe", "œ"),
        ("r", "ŕŗř"), ("s", "śŝşš"), ("ss", "ß"), ("t", "ţťŧ"), ("th", "þ"), ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"),
        ("z", "źżž"));

    private static Dictionary<char, string> BuildFolds(params (string Plain, string Letters)[] groups)
    {
        var folds = new Dictionary<char, string>();
        foreach (var (plain, letters) in groups)
            foreach (var letter in letters) folds[letter] = plain;
        return folds;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
