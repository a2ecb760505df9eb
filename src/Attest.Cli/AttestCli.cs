using System.CommandLine;
using Attest.Cli.Commands;
using Attest.Cli.Commands.Evaluation;

namespace Attest.Cli;

/// <summary>Builds the `attest` command tree; every verb lives in Commands/ as one small file.</summary>
public static class AttestCli
{
    public static RootCommand Build(CliConsole console) => Build(console, []);

    /// <summary>
    /// The verbs a command line needs: for <c>attest evaluate …</c> only that verb (<see cref="EvaluationCli"/>), so a CI
    /// step that evaluates a file does not load the server, database and document code at start.
    /// </summary>
    private static RootCommand Build(CliConsole console, IReadOnlyList<string> args)
    {
        if (EvaluationCli.Handles(args))
            return EvaluationCli.Root(console, () => new EvaluationEvidence());
        var root = new RootCommand(CliInvocation.RootDescription);
        foreach (var command in CommandCatalog.All(console))
            root.Subcommands.Add(command);
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken) =>
        // A configured signing key that cannot be used is bad input: say which and why.
        CliInvocation.InvokeAsync(Build(console, args).Parse(args), console, cancellationToken, e => e is Core.Features.Ledger.LedgerKeyException);
}
