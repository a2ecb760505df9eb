using System.CommandLine;
using Attest.Cli.Commands.Evaluation;

namespace Attest.Cli;

/// <summary>
/// The command tree of <c>attest evaluate …</c>: the root with the <c>evaluate</c> verb only, so an evaluation loads no
/// server, database or document code. The full <c>attest</c> and the Native AOT front build the same tree (same help,
/// same errors, same reports); they differ only in who stores a report as evidence.
/// </summary>
internal static class EvaluationCli
{
    public const string Verb = "evaluate";

    public static bool Handles(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Verb;

    public static RootCommand Root(CliConsole console, Func<ReportEvidence> newEvidence)
    {
        var root = new RootCommand(CliInvocation.RootDescription);
        root.Subcommands.Add(EvaluateCommand.Create(console, newEvidence));
        return root;
    }
}
