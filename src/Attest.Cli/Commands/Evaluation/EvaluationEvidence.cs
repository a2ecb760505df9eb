using System.CommandLine;
using System.Text.Json;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Features.Evidence;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>
/// <c>--system SLUG</c> on the evaluate verbs: the JSON report (whatever --format prints) is stored as
/// evidence of the system, in a data directory or on a server, with method "evaluation".
/// </summary>
internal sealed class EvaluationEvidence
{
    private readonly Option<string?> _system = new("--system") { Description = "Store the JSON report as evidence of this system (with --data DIR or --server URL --token T).", HelpName = "SLUG" };
    private readonly Option<string[]> _models = new("--model-version") { Description = "Model version the evaluation concerns, id or name@version (repeat; with --system).", HelpName = "V", Arity = ArgumentArity.OneOrMore };
    private readonly EvidenceTarget _target = EvidenceTarget.Create();

    public void AddTo(Command command)
    {
        command.Options.Add(_system);
        command.Options.Add(_models);
        _target.AddTo(command);
    }

    /// <summary>Checks the combination before the (possibly long) evaluation runs.</summary>
    public void Validate(ParseResult pr)
    {
        if (pr.GetValue(_system) is not null) return;
        if (pr.GetValue(_target.Server) is not null || pr.GetValue(_target.Data) is not null || pr.GetValue(_models) is { Length: > 0 })
            throw new CliUsageException("--server, --data and --model-version store the report as evidence and need --system SLUG.");
    }

    public async Task StoreAsync(CliConsole console, ParseResult pr, string type, string fileName, string summary, Action<Utf8JsonWriter> json, CancellationToken ct)
    {
        if (pr.GetValue(_system) is not { } system) return;
        byte[] bytes;
        using (var stream = new MemoryStream())
        {
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                json(writer);
            stream.WriteByte((byte)'\n');
            bytes = stream.ToArray();
        }
        var input = new EvidenceInput
        {
            Type = type,
            ModelVersions = pr.GetValue(_models) ?? [],
            Method = "evaluation",
            Summary = summary,
            FileName = fileName,
            MediaType = "application/json",
        };
        var stored = await _target.AddAsync(pr, system, input, () => new MemoryStream(bytes, writable: false), ct);
        // Standard output may carry the report itself: the evidence line goes to standard error.
        await console.Error.WriteLineAsync($"attest: stored the report as evidence {stored.Id} of {system} (sha256 {stored.Sha256})");
    }
}
