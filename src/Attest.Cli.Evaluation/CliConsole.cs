using Spectre.Console;

namespace Attest.Cli;

/// <summary>
/// Where a command writes (plain writers for data such as JSON and CSV, a Spectre console for people) and the
/// clock it reads (the system clock; tests pass a fake one, e.g. to evaluate a gate bundle on a later day).
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, TimeProvider? time = null)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public IAnsiConsole Ansi { get; } = ansi;
    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>
    /// The process's console. When standard output is a pipe or a file, tables are written plain and as wide as
    /// their rows (no colours, no wrapping at an invented 80 columns), so `| grep` and `> file` see whole rows.
    /// </summary>
    public static CliConsole Standard => Console.IsOutputRedirected
        ? Plain(Console.Out, Console.Error, PipedWidth)
        : new(Console.Out, Console.Error, AnsiConsole.Console);

    /// <summary>The width tables get when written to a pipe: wide enough that no real row wraps.</summary>
    public const int PipedWidth = 4096;

    /// <summary>A console over the given writers with no colours or cursor moves (tests, pipes).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error, int width = 240, TimeProvider? time = null)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        ansi.Profile.Width = width;
        return new CliConsole(output, error, ansi, time);
    }
}
