using System.Text.RegularExpressions;

namespace Attest.Engine.Assurance;

/// <summary>A control as the matcher sees it: its id, the text it is known by and the framework requirements it satisfies (<c>eu-ai-act:art-9</c>).</summary>
/// <param name="Text">Title, objective, evidence types and the titles of the requirements it maps to, joined.</param>
public sealed record MatchDocument(string Id, string Text, IReadOnlyList<string> Requirements);

/// <summary>One proposed control for a question: the total score, its text part (cosine) and the cited requirements the control maps to.</summary>
public sealed record ControlMatch(string ControlId, double Score, double TextScore, IReadOnlyList<string> CitedRequirements);

/// <summary>
/// Which controls answer a questionnaire question, by text similarity and the library's framework mappings. Pure and
/// deterministic:
/// <list type="number">
/// <item>Each control is a document (<see cref="MatchDocument.Text"/>), tokenised by <see cref="QuestionText.Tokens"/>.</item>
/// <item>TF-IDF over the controls: tf = the raw count of a term in the document; idf(t) = ln((1 + N) / (1 + df(t))) + 1, N the
/// number of controls and df(t) how many contain t (scikit-learn's smoothed idf). The question is weighted with the same
/// idf; its terms no control uses weigh nothing.</item>
/// <item>The text score is the cosine of the two L2-normalised vectors, 0 to 1.</item>
/// <item>A question that cites a framework requirement ("Art. 14", "GOVERN 1.2", "A.6.2.4", "LLM01") adds
/// <see cref="MappingBonus"/> to every control mapped to it (a citation of a clause, "GOVERN 1", covers its sub-clauses).</item>
/// <item>Controls scoring at least <see cref="MinimumScore"/> are ranked by score, then control id (ordinal), and the
/// first <c>top</c> proposed.</item>
/// </list>
/// </summary>
public sealed partial class AnswerMatcher
{
    /// <summary>What citing a requirement the control maps to adds to its score.</summary>
    public const double MappingBonus = 0.5;

    /// <summary>Below this a control is not proposed: a shared common word is not an answer.</summary>
    public const double MinimumScore = 0.1;

    private readonly List<(MatchDocument Document, Dictionary<string, double> Vector)> _documents = [];
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);

    public AnswerMatcher(IEnumerable<MatchDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var counted = documents.Select(d => (Document: d, Counts: Count(QuestionText.Tokens(d.Text)))).ToList();
        var n = counted.Count;
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, counts) in counted)
        {
            foreach (var term in counts.Keys)
                df[term] = df.GetValueOrDefault(term) + 1;
        }
        foreach (var (term, count) in df)
            _idf[term] = Math.Log((1.0 + n) / (1.0 + count)) + 1.0;
        foreach (var (document, counts) in counted)
            _documents.Add((document, Normalise(counts)));
    }

    /// <summary>The inverse document frequency of a (stemmed) term, or 0 for a term no control uses.</summary>
    public double Idf(string term) => _idf.GetValueOrDefault(term);

    /// <summary>The controls proposed for <paramref name="question"/>, best first.</summary>
    public IReadOnlyList<ControlMatch> Rank(string question, int top = 3)
    {
        var query = Normalise(Count(QuestionText.Tokens(question)));
        var cited = CitedRequirements(question);
        var matches = new List<ControlMatch>();
        foreach (var (document, vector) in _documents)
        {
            var text = 0.0;
            foreach (var (term, weight) in query)
            {
                if (vector.TryGetValue(term, out var w))
                    text += weight * w;
            }
            var hits = document.Requirements.Where(r => cited.Any(c => Cites(c, r))).Order(StringComparer.Ordinal).ToArray();
            var score = text + (hits.Length > 0 ? MappingBonus : 0);
            if (score >= MinimumScore)
                matches.Add(new ControlMatch(document.Id, Math.Round(score, 6), Math.Round(text, 6), hits));
        }
        return matches.OrderByDescending(m => m.Score).ThenBy(m => m.ControlId, StringComparer.Ordinal).Take(top).ToList();
    }

    /// <summary>
    /// The framework requirement citations in a question, as requirement ids: <c>eu-ai-act:art-14</c>,
    /// <c>nist-ai-rmf:GOVERN-1.2</c>, <c>iso42001:A.6.2.4</c>, <c>owasp-llm-2025:LLM01</c>.
    /// </summary>
    public static IReadOnlyList<string> CitedRequirements(string? question)
    {
        var cited = new SortedSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(question))
            return [];
        foreach (Match m in Article().Matches(question))
            cited.Add($"eu-ai-act:art-{m.Groups[1].Value}");
        foreach (Match m in NistFunction().Matches(question))
            cited.Add($"nist-ai-rmf:{m.Groups[1].Value.ToUpperInvariant()}-{m.Groups[2].Value}");
        foreach (Match m in IsoAnnex().Matches(question))
            cited.Add($"iso42001:{m.Groups[1].Value}");
        foreach (Match m in OwaspLlm().Matches(question))
            cited.Add($"owasp-llm-2025:LLM{m.Groups[1].Value}");
        return [.. cited];
    }

    // "GOVERN-1" cites GOVERN-1.1, GOVERN-1.2…; "art-9" cites art-9 only (not art-90).
    private static bool Cites(string citation, string requirement) =>
        string.Equals(citation, requirement, StringComparison.Ordinal) || requirement.StartsWith(citation + ".", StringComparison.Ordinal);

    private static Dictionary<string, int> Count(IReadOnlyList<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in tokens)
            counts[t] = counts.GetValueOrDefault(t) + 1;
        return counts;
    }

    private Dictionary<string, double> Normalise(Dictionary<string, int> counts)
    {
        var vector = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (term, count) in counts)
        {
            if (_idf.TryGetValue(term, out var idf))
                vector[term] = count * idf;
        }
        // Sum in ordinal term order so the norm (and every score) is the same bits on every run.
        var norm = Math.Sqrt(vector.OrderBy(kv => kv.Key, StringComparer.Ordinal).Sum(kv => kv.Value * kv.Value));
        if (norm > 0)
        {
            foreach (var term in vector.Keys.ToList())
                vector[term] /= norm;
        }
        return vector;
    }

    [GeneratedRegex(@"\bArt(?:icle)?\.?\s*(\d{1,3})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Article();

    [GeneratedRegex(@"\b(GOVERN|MAP|MEASURE|MANAGE)[\s-]?(\d{1,2}(?:\.\d{1,2})?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex NistFunction();

    [GeneratedRegex(@"\b(A\.\d{1,2}(?:\.\d{1,2}){0,2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex IsoAnnex();

    [GeneratedRegex(@"\bLLM\s?(\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OwaspLlm();
}
