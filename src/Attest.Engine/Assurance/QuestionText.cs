using System.Text;

namespace Attest.Engine.Assurance;

/// <summary>
/// The words of a questionnaire question or a control, as the answer matcher compares them: lower-cased (invariant
/// culture), split on anything that is not a letter or a digit, tokens of one character and English stop words dropped,
/// and each remaining word reduced by Harman's S-stemmer (1991: "ies" → "y" unless "eies"/"aies"; "es" → "e" unless
/// "aes"/"ees"/"oes"; a final "s" dropped unless "us"/"ss"), so "policies" and "policy", "models" and "model" meet.
/// Deterministic and culture-independent.
/// </summary>
public static class QuestionText
{
    /// <summary>
    /// English function words and the filler of due-diligence questionnaires ("please describe how your organisation…"),
    /// which say nothing about which control answers a question.
    /// </summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been",
        "before", "being", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "during", "each", "either",
        "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "his", "how", "if", "in", "into",
        "is", "it", "its", "itself", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not", "of", "off",
        "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "shall", "she", "should", "so",
        "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
        "under", "until", "up", "upon", "very", "was", "we", "were", "what", "when", "where", "whether", "which", "while",
        "who", "whom", "why", "will", "with", "would", "yes", "you", "your", "yours",
        // questionnaire filler
        "please", "describe", "explain", "provide", "list", "detail", "details", "confirm", "indicate", "state", "specify",
        "organisation", "organization", "company", "vendor", "supplier", "service", "services", "product", "products",
        "use", "used", "using", "ensure", "ensures", "applicable", "relevant", "appropriate", "including", "include", "e.g",
    };

    /// <summary>The stemmed, stop-word-free tokens of <paramref name="text"/>, in order (repeats kept: they are term frequencies).</summary>
    public static IReadOnlyList<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
            return tokens;
        var word = new StringBuilder();
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                word.Append(char.ToLowerInvariant(ch));
                continue;
            }
            Flush(word, tokens);
        }
        Flush(word, tokens);
        return tokens;
    }

    /// <summary>
    /// The text as the library keys an answer by: lower case, letters and digits only, single spaces — so a question
    /// differing only in case, punctuation or spacing is the same question.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text.Normalize(NormalizationForm.FormKC))
        {
            if (char.IsLetterOrDigit(ch))
            {
                if (space && sb.Length > 0)
                    sb.Append(' ');
                sb.Append(char.ToLowerInvariant(ch));
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    /// <summary>Harman's S-stemmer.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 3 && word.EndsWith("ies", StringComparison.Ordinal) && !word.EndsWith("eies", StringComparison.Ordinal) && !word.EndsWith("aies", StringComparison.Ordinal))
            return word[..^3] + "y";
        if (word.Length > 3 && word.EndsWith("es", StringComparison.Ordinal) && !word.EndsWith("aes", StringComparison.Ordinal) && !word.EndsWith("ees", StringComparison.Ordinal) && !word.EndsWith("oes", StringComparison.Ordinal))
            return word[..^1];
        if (word.Length > 2 && word.EndsWith('s') && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("ss", StringComparison.Ordinal))
            return word[..^1];
        return word;
    }

    private static void Flush(StringBuilder word, List<string> tokens)
    {
        if (word.Length == 0)
            return;
        var w = word.ToString();
        word.Clear();
        if (w.Length < 2 || StopWords.Contains(w))
            return;
        var stem = Stem(w);
        if (!StopWords.Contains(stem))
            tokens.Add(stem);
    }

}
