using System.CommandLine;
using System.Reflection;

namespace Attest.Cli.Commands;

internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("about", "Print Attest's version and where its data lives.");
        command.SetAction(async (_, _) =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
            await console.Out.WriteLineAsync($"attest {version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
