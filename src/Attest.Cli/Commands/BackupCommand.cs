using System.CommandLine;
using System.Globalization;
using Attest.Core.Data;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary>`attest backup --data DIR --out FILE`: a consistent .tar.gz of an embedded data directory, safe while the server runs.</summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var output = new Option<string>("--out") { Description = "The archive to write (.tar.gz); never overwritten.", Required = true, HelpName = "FILE" };
        var command = new Command("backup", "Back up an embedded (SQLite) data directory — database snapshot, evidence blobs, keys — into one .tar.gz, while Attest may be running.")
        {
            data, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var directory = CommonOptions.ResolveDataDirectory(parse.GetValue(data));
            BackupSummary summary;
            try
            {
                summary = await DataDirectoryBackup.WriteAsync(directory, parse.GetValue(output)!, ct);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"backup: {e.Message}");
            }
            console.Ansi.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Backed up {directory} to {summary.Output}: database {summary.DatabaseBytes / 1024} KiB and {summary.Files} other file(s), {summary.Bytes / 1024} KiB. Restore: extract into an empty directory, then attest ledger check --data DIR."));
            return ExitCodes.Ok;
        });
        return command;
    }
}
