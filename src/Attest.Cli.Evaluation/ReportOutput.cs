using System.Text;
using System.Text.Json;
using Attest.Evaluation.Input;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>Where and in which format a report goes; shared by the evaluate verbs.</summary>
internal sealed record ReportOutput(string? Format, string? Path)
{
    public const string Json = "json";
    public const string Markdown = "md";
    public const string Html = "html";

    /// <summary>No file and no explicit format: print a summary table for a person.</summary>
    public bool SummaryOnly => Path is null && Format is null;

    public string ResolvedFormat => Format ?? (Path is null ? Json
        : Path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? Markdown
        : Path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || Path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) ? Html
        : Json);

    public static ReportOutput From(string? format, string? path)
    {
        if (format is not null && format is not (Json or Markdown or Html))
            throw new CliUsageException($"--format '{format}' is not one of json, md, html");
        return new ReportOutput(format, path);
    }

    public async Task WriteAsync(CliConsole console, Action<Utf8JsonWriter> json, Func<string> markdown, Func<string> html, CancellationToken ct)
    {
        string text;
        switch (ResolvedFormat)
        {
            case Markdown: text = markdown(); break;
            case Html: text = html(); break;
            default:
                using (var stream = new MemoryStream())
                {
                    using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                        json(writer);
                    text = Encoding.UTF8.GetString(stream.ToArray()) + "\n";
                }
                break;
        }
        if (Path is null)
        {
            await console.Out.WriteAsync(text.AsMemory(), ct);
            return;
        }
        try
        {
            await File.WriteAllTextAsync(Path, text, new UTF8Encoding(false), ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{Path}: cannot write the report ({e.Message})");
        }
    }

    /// <summary>A regular file only (a device such as /dev/zero or a pipe is refused at once, exit 2).</summary>
    public static FileStream OpenInput(string path, string option) => Guard(() => InputFile.Open(path, option));

    public static byte? ParseDelimiter(string? value) => value switch
    {
        null => null,
        "," => (byte)',',
        ";" => (byte)';',
        "\\t" or "\t" or "tab" => (byte)'\t',
        _ => throw new CliUsageException($"--delimiter '{value}' is not one of ',', ';', 'tab'"),
    };

    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (EvaluationInputException e)
        {
            throw new CliUsageException(e.Message);
        }
    }
}
