namespace Attest.Engine.Assurance;

/// <summary>An approved answer in the library: the question it answered and the answer's id.</summary>
public sealed record LibraryAnswer(string Id, string Question);

/// <summary>The approved answer a new question reuses, and how close the two questions are (1 = the same words).</summary>
public sealed record ReusedAnswer(string Id, double Similarity, bool Exact);

/// <summary>
/// Which approved answer a new question reuses: one whose question normalises to the same text
/// (<see cref="QuestionText.Normalize"/>: case, punctuation and spacing ignored), else the most similar whose cosine
/// over raw token counts (<see cref="QuestionText.Tokens"/>, no idf: two questions, not a corpus) is at least
/// <see cref="NearIdentical"/>; ties go to the answer listed first (the caller lists the newest first).
/// </summary>
public static class AnswerLibrary
{
    /// <summary>"Near-identical": a reworded article or plural, not a different question.</summary>
    public const double NearIdentical = 0.9;

    public static ReusedAnswer? Find(string question, IEnumerable<LibraryAnswer> library)
    {
        ArgumentNullException.ThrowIfNull(library);
        var normal = QuestionText.Normalize(question);
        var tokens = QuestionText.Tokens(question);
        ReusedAnswer? best = null;
        foreach (var answer in library)
        {
            if (normal.Length > 0 && string.Equals(normal, QuestionText.Normalize(answer.Question), StringComparison.Ordinal))
                return new ReusedAnswer(answer.Id, 1.0, Exact: true);
            var similarity = Cosine(tokens, QuestionText.Tokens(answer.Question));
            if (similarity >= NearIdentical && (best is null || similarity > best.Similarity))
                best = new ReusedAnswer(answer.Id, Math.Round(similarity, 6), Exact: false);
        }
        return best;
    }

    /// <summary>The cosine of two token-count vectors (0 when either is empty).</summary>
    public static double Cosine(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
            return 0;
        var ca = a.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var cb = b.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var dot = ca.Where(kv => cb.ContainsKey(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Sum(kv => kv.Value * cb[kv.Key]);
        var na = Math.Sqrt(ca.Values.Sum(v => v * v));
        var nb = Math.Sqrt(cb.Values.Sum(v => v * v));
        return dot / (na * nb);
    }
}
