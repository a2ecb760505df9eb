using Spectre.Console;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>Shows a progress bar while reading a large file, only when a person is watching a terminal.</summary>
internal static class LongRun
{
    private const long LargeFileBytes = 64L << 20;

    public static async Task<T> ReadAsync<T>(CliConsole console, Stream stream, string title, Func<IProgress<double>?, T> read)
    {
        var interactive = console.Ansi.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (!interactive || !stream.CanSeek || stream.Length < LargeFileBytes)
            return read(null);
        T result = default!;
        await console.Ansi.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask(title, maxValue: 1.0);
            var progress = new Progress<double>(p => task.Value = p);
            result = await Task.Run(() => read(progress));
            task.Value = 1.0;
        });
        return result;
    }
}
