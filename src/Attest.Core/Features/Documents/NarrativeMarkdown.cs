using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Keeps authors' Markdown inside its section and the HTML rendering safe: headings are nested below the
/// section's own, raw HTML is escaped (the pipeline disables it), links may only be http, https, mailto or
/// relative, and images become links so a document never loads anything from elsewhere.
/// </summary>
public static partial class NarrativeMarkdown
{
    /// <summary>Line endings normalised to \n and surrounding blank lines removed; the form narrative is stored in.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim('\n', ' ', '\t').TrimEnd();
    }

    /// <summary>ATX headings (# …) outside code fences become at least level 4, below the section (##) and its notes.</summary>
    public static string Nest(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var output = new StringBuilder();
        string? fence = null;
        foreach (var line in Normalize(markdown).Split('\n'))
        {
            var trimmed = line.TrimStart(' ');
            var indent = line.Length - trimmed.Length;
            if (indent <= 3 && FenceOpening().Match(trimmed) is { Success: true } f)
            {
                if (fence is null) fence = f.Value;
                else if (trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.Trim().Trim(fence[0]).Length == 0) fence = null;
            }
            else if (fence is null && indent <= 3 && AtxHeading().Match(trimmed) is { Success: true } h)
            {
                var level = Math.Min(6, Math.Max(4, h.Groups[1].Length + 3));
                output.Append(new string('#', level)).Append(trimmed[h.Groups[1].Length..]).Append('\n');
                continue;
            }
            output.Append(line).Append('\n');
        }
        return output.ToString().TrimEnd('\n');
    }

    private static readonly MarkdownPipeline SourcePipeline = new MarkdownPipelineBuilder().UsePipeTables().UsePreciseSourceLocation().Build();

    /// <summary>
    /// The authors' Markdown made safe to hand to any Markdown viewer: raw HTML (blocks and inline tags) is
    /// escaped so it shows as text, links with a scheme other than http, https or mailto point to "#", and
    /// images become plain links (a document never loads anything). Everything else stays as written.
    /// </summary>
    public static string Neutralize(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, SourcePipeline);
        var edits = new List<(int Start, int Length, string Text)>();
        foreach (var block in document.Descendants<HtmlBlock>())
            edits.Add((block.Span.Start, block.Span.Length, EscapeTags(markdown.Substring(block.Span.Start, block.Span.Length))));
        foreach (var inline in document.Descendants<HtmlInline>())
            edits.Add((inline.Span.Start, inline.Span.Length, EscapeTags(markdown.Substring(inline.Span.Start, inline.Span.Length))));
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            if (!IsSafeUrl(link.IsEmail ? "mailto:" + link.Url : link.Url))
                edits.Add((link.Span.Start, link.Span.Length, "(unsafe link removed)"));
        }
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (link.IsImage && link.Span.Length > 0 && markdown[link.Span.Start] == '!') edits.Add((link.Span.Start, 1, ""));
            if (!IsSafeUrl(link.Url) && link.UrlSpan.Length > 0) edits.Add((link.UrlSpan.Start, link.UrlSpan.Length, "#"));
        }
        var text = new StringBuilder(markdown);
        var end = int.MaxValue;
        foreach (var (start, length, replacement) in edits.Where(e => e.Start >= 0 && e.Start + e.Length <= markdown.Length).OrderByDescending(e => e.Start))
        {
            if (start + length > end) continue; // inside an edit already made
            text.Remove(start, length).Insert(start, replacement);
            end = start;
        }
        return text.ToString();
    }

    private static string EscapeTags(string html) => html.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Renders a fragment (a section's generated part or narrative) as the documents do, e.g. for a page.</summary>
    public static string ToSafeHtml(string markdown) => ToSafeHtml(markdown, GeneratedDocument.Pipeline);

    /// <summary>Renders Markdown to HTML with links and images made safe (see the class summary).</summary>
    public static string ToSafeHtml(string markdown, MarkdownPipeline pipeline)
    {
        var document = Markdown.Parse(markdown, pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            link.IsImage = false;
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        }
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafeUrl(link.IsEmail ? "mailto:" + link.Url : link.Url)) link.Url = "#";
        return document.ToHtml(pipeline);
    }

    /// <summary>http, https and mailto URLs, fragments and relative paths; anything with another scheme (javascript:, data:, …) is not.</summary>
    public static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return false;
        if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || url.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) return true;
        if (url.StartsWith("//", StringComparison.Ordinal)) return false;
        var end = url.IndexOfAny(['/', '?', '#']);
        return !(end < 0 ? url : url[..end]).Contains(':', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(#{1,6})(?:[ \t]|$)")]
    private static partial Regex AtxHeading();

    [GeneratedRegex(@"^(`{3,}|~{3,})")]
    private static partial Regex FenceOpening();
}
