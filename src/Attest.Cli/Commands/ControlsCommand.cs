using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary><c>attest controls ...</c>: the control library (list, OSCAL export, OSCAL import as a framework pack).</summary>
internal static class ControlsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("controls", "The control library and its framework mappings.");
        command.Subcommands.Add(ControlsListCommand.Create(console));
        command.Subcommands.Add(ControlsExportCommand.Create(console));
        command.Subcommands.Add(ControlsImportOscalCommand.Create(console));
        return command;
    }

    public static Option<string?> DataDirOption() =>
        new("--data-dir") { Description = "Organisation data directory whose controls/ and frameworks/ are merged over the shipped library." };
}
