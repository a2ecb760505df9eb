using System.CommandLine;

namespace Attest.Cli.Commands;

/// <summary>The top-level verbs. Add a verb here and in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All(CliConsole console)
    {
        yield return VersionCommand.Create(console);
        yield return Evaluation.EvaluateCommand.Create(console);
    }
}
