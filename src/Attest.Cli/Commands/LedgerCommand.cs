using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary>`attest ledger …`: work with the tamper-evident ledger.</summary>
internal static class LedgerCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("ledger", "Export and verify the tamper-evident ledger.");
        command.Subcommands.Add(LedgerExportCommand.Create(console));
        command.Subcommands.Add(LedgerVerifyCommand.Create(console));
        command.Subcommands.Add(LedgerRotateKeyCommand.Create(console));
        command.Subcommands.Add(LedgerPublicKeyCommand.Create(console));
        command.Subcommands.Add(LedgerCreateKeyCommand.Create(console));
        command.Subcommands.Add(LedgerCheckCommand.Create(console));
        return command;
    }
}
