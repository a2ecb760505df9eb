using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>
/// <c>--system SLUG</c> (with <c>--model-version</c>, <c>--server</c>/<c>--token</c> or <c>--data</c>/<c>--postgres</c>) on
/// a verb that writes a report: the JSON report is stored as evidence of the system. The options are declared here;
/// storing needs Core, so the full <c>attest</c> does it (<c>EvaluationEvidence</c>) and the Native AOT front hands
/// every command line that names one of these options to the full <c>attest</c>.
/// </summary>
internal abstract class ReportEvidence
{
    public Option<string?> System { get; } = new("--system") { Description = "Store the JSON report as evidence of this system (with --data DIR or --server URL --token T).", HelpName = "SLUG" };
    public Option<string[]> ModelVersions { get; } = new("--model-version") { Description = "Model version the evaluation concerns, id or name@version (repeat; with --system).", HelpName = "V", Arity = ArgumentArity.OneOrMore };
    public Option<string?> Server { get; } = SharedOptions.Server();
    public Option<string?> Token { get; } = SharedOptions.Token();
    public Option<string?> Data { get; } = SharedOptions.Data();
    public Option<string?> Postgres { get; } = SharedOptions.Postgres();

    private IEnumerable<Option> All => [System, ModelVersions, Server, Token, Data, Postgres];

    public void AddTo(Command command)
    {
        foreach (var o in All) command.Options.Add(o);
    }

    /// <summary>Checks the combination before the (possibly long) evaluation runs.</summary>
    public void Validate(ParseResult pr)
    {
        if (pr.GetValue(System) is not null) return;
        if (pr.GetValue(Server) is not null || pr.GetValue(Data) is not null || pr.GetValue(ModelVersions) is { Length: > 0 })
            throw new CliUsageException("--server, --data and --model-version store the report as evidence and need --system SLUG.");
    }

    /// <summary>Stores the report when <c>--system</c> was given; does nothing otherwise.</summary>
    public abstract Task StoreAsync(CliConsole console, ParseResult pr, string type, string fileName, string summary, Action<Utf8JsonWriter> json, CancellationToken ct);

    /// <summary>Whether the command line names any evidence option (so the report would be stored, or the combination refused).</summary>
    public static bool IsNamed(ParseResult pr)
    {
        for (var result = pr.CommandResult; result is not null; result = result.Parent as CommandResult)
        {
            foreach (var child in result.Children)
            {
                if (child is OptionResult { Implicit: false } o && Names.Contains(o.Option.Name))
                    return true;
            }
        }
        return false;
    }

    private static readonly HashSet<string> Names = ["--system", "--model-version", "--server", "--token", "--data", "--postgres"];
}
