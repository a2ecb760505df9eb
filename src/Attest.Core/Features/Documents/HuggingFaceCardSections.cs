using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Maps the Markdown of a Hugging Face model card to Attest's model-card sections by heading, after the Hugging Face
/// template (huggingface_hub modelcard_template.md) and the cards the Trainer writes: "Uses" and "Intended uses &amp;
/// limitations" → intended_use; "Bias, Risks, and Limitations" → ethical_considerations; "Limitations",
/// "Recommendations" → caveats; "Training …" → training_data; "Evaluation", "Testing Data" → evaluation_data;
/// "Factors" → factors; "Metrics", "Results" → metrics; the text under the title and "Model Details" → model_details.
/// A heading that matches nothing belongs to its parent's section; top-level ones that match nothing (citation,
/// environmental impact, how to get started, contact …) are left out — they stay in the stored card. Template
/// placeholders ("[More Information Needed]") and HTML comments are dropped.
/// </summary>
public static partial class HuggingFaceCardSections
{
    public static IReadOnlyList<HuggingFaceSection> Map(string body, int firstLine, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        problem = null;
        var chunks = Chunks(StripComments(body), firstLine);
        var mapped = new List<(string Section, Chunk Chunk)>();
        var parents = new List<(int Level, string? Section)>();
        var titleSeen = false;
        foreach (var chunk in chunks)
        {
            while (parents.Count > 0 && parents[^1].Level >= chunk.Level) parents.RemoveAt(parents.Count - 1);
            string? section, inherited;
            // The text before any heading and under the card's title (its first # heading, usually the model's name)
            // describes the model; unmatched headings below the title belong to no section.
            if (chunk.Level == 0 || chunk.Level == 1 && !titleSeen) (section, inherited) = ("model_details", null);
            else if (SectionFor(chunk.Heading) is { } named) (section, inherited) = (named, named);
            else section = inherited = parents.Count > 0 ? parents[^1].Section : null;
            if (chunk.Level == 1) titleSeen = true;
            parents.Add((chunk.Level, inherited));
            if (section is not null && (chunk.Level > 0 || Clean(chunk.Lines).Length > 0)) mapped.Add((section, chunk));
        }
        var result = new List<HuggingFaceSection>();
        foreach (var id in DocumentKind.ModelCard.Sections)
        {
            var parts = mapped.Where(m => m.Section == id).Select(m => m.Chunk).ToList();
            var text = new StringBuilder();
            var baseLevel = parts.Count == 0 ? 0 : parts[0].Level;
            for (var i = 0; i < parts.Count; i++)
            {
                var content = Clean(parts[i].Lines);
                var heading = i == 0 || parts[i].Heading.Length == 0 ? null : new string('#', Math.Clamp(parts[i].Level - baseLevel, 1, 6)) + " " + parts[i].Heading;
                if (content.Length == 0 && (heading is null || !HasContentBelow(parts, i))) continue;
                if (text.Length > 0) text.Append("\n\n");
                if (heading is not null) text.Append(heading).Append(content.Length == 0 ? "" : "\n\n");
                text.Append(content);
            }
            var markdown = NarrativeMarkdown.Normalize(text.ToString());
            if (markdown.Length == 0) continue;
            if (markdown.Length > DocumentNarrativeLimits.MaxLength)
            {
                problem = $"line {parts[0].Line.ToString(CultureInfo.InvariantCulture)}: the Markdown for the model card's {id} section ('{parts[0].Heading}' and what follows) is " +
                          $"{markdown.Length:N0} characters, more than {DocumentNarrativeLimits.MaxLength:N0}";
                return [];
            }
            result.Add(new HuggingFaceSection(id, markdown, parts.Select(p => p.Heading).Where(h => h.Length > 0).ToArray()));
        }
        return result;
    }

    /// <summary>The model-card section a heading names, or null.</summary>
    public static string? SectionFor(string heading)
    {
        var h = heading.ToLowerInvariant();
        if (h.Contains("bias", StringComparison.Ordinal) || h.Contains("risk", StringComparison.Ordinal) || h.Contains("ethic", StringComparison.Ordinal)) return "ethical_considerations";
        if (h.Contains("intended use", StringComparison.Ordinal) || h == "uses" || h.Contains("direct use", StringComparison.Ordinal)
            || h.Contains("downstream use", StringComparison.Ordinal) || h.Contains("out-of-scope", StringComparison.Ordinal) || h.Contains("out of scope", StringComparison.Ordinal)) return "intended_use";
        if (h.Contains("limitation", StringComparison.Ordinal) || h.Contains("recommendation", StringComparison.Ordinal) || h.Contains("caveat", StringComparison.Ordinal)) return "caveats";
        if (h.Contains("training", StringComparison.Ordinal)) return "training_data";
        if (h.StartsWith("evaluation", StringComparison.Ordinal) && !h.Contains("result", StringComparison.Ordinal) || h.Contains("testing data", StringComparison.Ordinal)) return "evaluation_data";
        if (h == "factors") return "factors";
        if (h is "metrics" or "results" or "evaluation results" or "summary of results") return "metrics";
        if (h.Contains("model detail", StringComparison.Ordinal) || h.Contains("model description", StringComparison.Ordinal)) return "model_details";
        return null;
    }

    private sealed record Chunk(int Level, string Heading, int Line, List<string> Lines);

    // Level 0: the text before the first heading.
    private static List<Chunk> Chunks(string body, int firstLine)
    {
        var chunks = new List<Chunk> { new(0, "", firstLine, []) };
        string? fence = null;
        var lines = body.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart(' ');
            var indent = line.Length - trimmed.Length;
            if (indent <= 3 && Fence().Match(trimmed) is { Success: true } f)
            {
                if (fence is null) fence = f.Value;
                else if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim().Trim(fence[0]).Length == 0) fence = null;
            }
            else if (fence is null && indent <= 3 && Heading().Match(trimmed) is { Success: true } h)
            {
                var title = Optional().Replace(h.Groups[2].Value.Trim().TrimEnd('#').Trim(), "").Trim();
                chunks.Add(new Chunk(h.Groups[1].Length, title, firstLine + i, []));
                continue;
            }
            chunks[^1].Lines.Add(line);
        }
        return chunks;
    }

    private static bool HasContentBelow(List<Chunk> parts, int i) =>
        parts.Skip(i + 1).TakeWhile(p => p.Level > parts[i].Level).Any(p => Clean(p.Lines).Length > 0);

    private static string Clean(List<string> lines) =>
        string.Join('\n', lines.Where(l => !l.Contains("[More Information Needed]", StringComparison.OrdinalIgnoreCase))).Trim('\n', ' ', '\t');

    // Keeps the line breaks of a comment so the lines after it keep their numbers.
    private static string StripComments(string body) => Comment().Replace(body, m => new string('\n', m.Value.Count(c => c == '\n')));

    [GeneratedRegex(@"^(#{1,6})(?:[ \t]+(.*))?$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(`{3,}|~{3,})")]
    private static partial Regex Fence();

    [GeneratedRegex(@"\s*\[optional\]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Optional();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();
}

/// <summary>The size limit of one section's narrative, shared by authors' saves and imports.</summary>
public static class DocumentNarrativeLimits
{
    public const int MaxLength = 20_000;
}
