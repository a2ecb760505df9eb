using System.CommandLine;
using System.Text.Json;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Features.Evidence;

namespace Attest.Cli.Commands.Evaluation;

/// <summary>
/// The report-as-evidence options (<see cref="ReportEvidence"/>) with their storing: in a data directory or on a
/// server, with method "evaluation".
/// </summary>
internal sealed class EvaluationEvidence : ReportEvidence
{
    public override async Task StoreAsync(CliConsole console, ParseResult pr, string type, string fileName, string summary, Action<Utf8JsonWriter> json, CancellationToken ct)
    {
        if (pr.GetValue(System) is not { } system) return;
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
            ModelVersions = pr.GetValue(ModelVersions) ?? [],
            Method = "evaluation",
            Summary = summary,
            FileName = fileName,
            MediaType = "application/json",
        };
        var target = new EvidenceTarget { Server = Server, Token = Token, Data = Data, Postgres = Postgres };
        var stored = await target.AddAsync(pr, system, input, () => new MemoryStream(bytes, writable: false), ct);
        // Standard output may carry the report itself: the evidence line goes to standard error.
        await console.Error.WriteLineAsync($"attest: stored the report as evidence {stored.Id} of {system} (sha256 {stored.Sha256})");
    }
}
