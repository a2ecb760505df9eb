using System.Text;

namespace Attest.Core.Features.Documents;

/// <summary>
/// Record fields (names, purposes, owners…) written into generated Markdown as plain text: whoever opens
/// the .md in a viewer that renders HTML (a wiki, a Git host, an editor preview) must see the text, never
/// run a <c>&lt;script&gt;</c>, load an <c>&lt;iframe&gt;</c> or follow a <c>javascript:</c> link someone typed
/// into a field. HTML's <c>&lt; &gt; &amp;</c> become entities; Markdown's link, image, code-span and table
/// markers are backslash-escaped; line breaks become spaces. (Emphasis markers stay: at worst they italicise.)
/// </summary>
public static class MarkdownText
{
    /// <summary>A field as one line of literal text.</summary>
    public static string Inline(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\r': break;
                case '\n': text.Append(' '); break;
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '&': text.Append("&amp;"); break;
                case '\\' or '[' or ']' or '`' or '|': text.Append('\\').Append(c); break;
                default:
                    if (!char.IsControl(c)) text.Append(c);
                    break;
            }
        }
        return text.ToString();
    }

    /// <summary>A field inside a code span (`…`): backticks and line breaks cannot end it early.</summary>
    public static string Code(string? value) =>
        "`" + (value ?? "").Replace('`', '\'').Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ') + "`";

    /// <summary>A link when the URL is http(s), mailto or relative; otherwise the title and the URL as plain text.</summary>
    public static string Link(string? title, string? url) =>
        NarrativeMarkdown.IsSafeUrl(url) && !string.IsNullOrEmpty(url) && !url.Any(c => c is '(' or ')' or '<' or '>')
            ? $"[{Inline(title)}]({url})"
            : $"{Inline(title)} ({Inline(url)})";
}
