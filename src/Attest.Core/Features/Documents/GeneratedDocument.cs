using System.Net;
using System.Text;
using Markdig;

namespace Attest.Core.Features.Documents;

/// <summary>One section of a generated document; <paramref name="Filled"/> is false when the data it needs is missing.</summary>
/// <param name="Filled">Whether the generator filled the section from the records.</param>
/// <param name="Markdown">The section's generated body (without its heading); for a missing section, what would fill it.</param>
public sealed record DocumentSection(string Id, string Title, bool Filled, string Markdown)
{
    /// <summary>The author's narrative (Markdown), rendered under the generated part as "Author's notes"; null when none.</summary>
    public string? Narrative { get; init; }

    /// <summary>True when the generated part is missing and the narrative stands in for it (see <see cref="DocumentKind.NarrativeFills"/>).</summary>
    public bool FilledByNarrative { get; init; }

    /// <summary>Whether the section counts as filled for the completeness score.</summary>
    public bool IsFilled => Filled || FilledByNarrative;
}

/// <summary>
/// A document generated from the inventory and stored evidence (model card, system card): its sections,
/// which of them could be filled, and the completeness score (share of sections filled).
/// </summary>
/// <param name="FrontMatter">YAML front matter (without the --- lines), e.g. Hugging Face model-card metadata.</param>
public sealed record GeneratedDocument(string Kind, string Title, string Subtitle, IReadOnlyList<DocumentSection> Sections, string? FrontMatter, string Footer)
{
    public double Completeness => Sections.Count == 0 ? 1.0 : Math.Round((double)Sections.Count(s => s.IsFilled) / Sections.Count, 4);

    public IReadOnlyList<string> Missing => Sections.Where(s => !s.IsFilled).Select(s => s.Id).ToArray();

    /// <summary>
    /// The document with the authors' current narrative under each section (section id → Markdown). Sections the
    /// kind lets narrative fill count as filled when their generated part is missing; the generated part itself is
    /// always the one just computed from the records.
    /// </summary>
    public GeneratedDocument WithNarratives(IReadOnlyDictionary<string, string> narrativeBySection)
    {
        ArgumentNullException.ThrowIfNull(narrativeBySection);
        var kind = DocumentKind.Find(Kind);
        return this with
        {
            Sections = Sections.Select(s => narrativeBySection.TryGetValue(s.Id, out var text) && !string.IsNullOrWhiteSpace(text)
                ? s with { Narrative = text, FilledByNarrative = !s.Filled && kind is not null && kind.NarrativeFills.Contains(s.Id) }
                : s).ToArray(),
        };
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        if (FrontMatter is not null) md.Append("---\n").Append(FrontMatter).Append("---\n\n");
        md.Append("# ").Append(Title).Append("\n\n").Append(Subtitle).Append("\n\n");
        md.Append("**Completeness:** ").Append(Sections.Count(s => s.Filled)).Append(" of ").Append(Sections.Count).Append(" sections filled (")
          .Append((Completeness * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture)).Append("%)");
        if (Missing.Count > 0) md.Append("; missing: ").Append(string.Join(", ", Sections.Where(s => !s.IsFilled).Select(s => s.Title)));
        md.Append(".\n\n");
        foreach (var s in Sections)
        {
            md.Append("## ").Append(s.Title).Append("\n\n");
            if (s.Filled) md.Append(s.Markdown).Append("\n\n");
            else if (!s.FilledByNarrative) md.Append("_Missing: ").Append(s.Markdown).Append("_\n\n");
            if (s.Narrative is not null) md.Append(AuthorsNotes).Append("\n\n").Append(NarrativeMarkdown.Nest(NarrativeMarkdown.Neutralize(s.Narrative))).Append("\n\n");
        }
        md.Append("---\n\n_").Append(Footer).Append("_\n");
        return md.ToString();
    }

    /// <summary>The line that separates a section's generated part from what its authors wrote.</summary>
    public const string AuthorsNotes = "**Author's notes**";

    internal static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    /// <summary>A self-contained HTML page (no scripts, no external resources).</summary>
    public string ToHtml()
    {
        var markdown = ToMarkdown();
        if (FrontMatter is not null) markdown = markdown[(markdown.IndexOf("---\n\n", 4, StringComparison.Ordinal) + 5)..];
        var body = NarrativeMarkdown.ToSafeHtml(markdown, Pipeline);
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{WebUtility.HtmlEncode(Title)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
            table { border-collapse: collapse; margin: 1rem 0; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; }
            code { background: #f3f3f3; padding: 0 .2rem; } em { color: #8a4b00; }
            </style>
            </head>
            <body>
            {{body}}</body>
            </html>

            """;
    }
}
