using System.CommandLine;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>`attest evaluate fairness|drift|ll144`: offline evaluation of prediction logs.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console, Func<ReportEvidence> newEvidence)
    {
        var command = new Command("evaluate", "Evaluate prediction logs: fairness and performance, data drift, NYC LL144 bias audit.");
        command.Subcommands.Add(EvaluateFairnessCommand.Create(console, newEvidence));
        command.Subcommands.Add(EvaluateDriftCommand.Create(console, newEvidence));
        command.Subcommands.Add(EvaluateLl144Command.Create(console, newEvidence));
        return command;
    }
}
