using System.CommandLine;
using Attest.Core.Classification;
using Attest.Core.Controls.Oscal;

namespace Attest.Cli.Commands;

/// <summary><c>attest controls export --format oscal [--output FILE]</c>: the library as an OSCAL catalog.</summary>
internal static class ControlsExportCommand
{
    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format") { Description = "Export format: oscal (an OSCAL 1.1.2 catalog in JSON).", Required = true };
        format.AcceptOnlyFromAmong("oscal");
        var output = new Option<string?>("--output") { Description = "Write to this file instead of standard output." };
        var dataDir = ControlsCommand.DataDirOption();
        var command = new Command("export", "Export the control library, e.g. as an OSCAL catalog.") { format, output, dataDir };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var library = CliData.Library(pr.GetValue(dataDir));
            var catalog = OscalCatalogExporter.Export(library, TimeProvider.System.GetUtcNow());
            var text = catalog.ToJsonString(ClassificationDocument.WriteOptions);
            if (pr.GetValue(output) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, text + "\n", ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"--output: {path}: {e.Message}");
                }
                await console.Error.WriteLineAsync($"Wrote {path}: OSCAL catalog of {library.Controls.Count} controls.".AsMemory(), ct);
            }
            else
            {
                await console.Out.WriteLineAsync(text.AsMemory(), ct);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
