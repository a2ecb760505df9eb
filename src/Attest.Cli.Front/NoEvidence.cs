using System.CommandLine;
using System.Text.Json;
using Attest.Cli.Commands.Evaluation;

namespace Attest.Cli.Front;

/// <summary>
/// The evidence options for help and parsing only: a command line that names one of them runs in the full
/// <c>attest</c> (see Program.cs), so the front never stores a report.
/// </summary>
internal sealed class NoEvidence : ReportEvidence
{
    public override Task StoreAsync(CliConsole console, ParseResult pr, string type, string fileName, string summary, Action<Utf8JsonWriter> json, CancellationToken ct) =>
        pr.GetValue(System) is null ? Task.CompletedTask : throw new InvalidOperationException("the front does not store evidence: the full attest does");
}
