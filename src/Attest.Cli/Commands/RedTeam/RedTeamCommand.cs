using System.CommandLine;

namespace Attest.Cli.Commands.RedTeam;

/// <summary>`attest redteam run|grade|suites`: LLM red-teaming, offline-first, with reports that become governed evidence.</summary>
internal static class RedTeamCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("redteam", "Red-team LLM applications: run probe suites against a target or grade recorded responses, offline by default.");
        command.Subcommands.Add(RedTeamRunCommand.Create(console));
        command.Subcommands.Add(RedTeamGradeCommand.Create(console));
        command.Subcommands.Add(RedTeamSuitesCommand.Create(console));
        return command;
    }
}
