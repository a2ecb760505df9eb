using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Training;

namespace Attest.Cli.Commands.Training;

/// <summary>
/// <c>attest training import FILE</c>: a CSV of training records (person, role, course, completed_at; optionally
/// business_unit) into a server (--server URL --token T, <c>POST /api/v1/training/records</c>) or a local database
/// (--data DIR | --postgres), all or nothing, one ledger entry. Exit 0, or 2 naming the first refused row and column.
/// </summary>
internal static class TrainingCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("training", "Training records for the training_completion KPI.");
        var file = new Argument<string>("FILE") { Description = "The CSV: person, role, course, completed_at (YYYY-MM-DD or ISO 8601; empty while not completed), optionally business_unit." };
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; the CSV is sent to its REST API (needs --token with training.import).";
        var import = new Command("import", "Import a CSV of training records; roles and courses must be those of training/required-courses.yaml.") { file };
        target.AddTo(import);
        import.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            byte[] content;
            try
            {
                var info = new FileInfo(path);
                if (info.Exists && info.Length > ImportTrainingRecords.MaxBytes)
                    throw new CliUsageException($"{path}: is {info.Length} bytes; a training CSV may hold at most {ImportTrainingRecords.MaxBytes / (1024 * 1024)} MiB");
                content = await File.ReadAllBytesAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot read ({e.Message})"); }
            TrainingImportResult r;
            if (pr.GetValue(target.Server) is { } server)
            {
                var body = new ByteArrayContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                var answer = await GateServer.SendAsync(server, pr.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    HttpMethod.Post, "api/v1/training/records", body, HttpStatusCode.OK, ct);
                r = JsonSerializer.Deserialize<TrainingImportResult>(answer, AttestJson.Options) ?? throw new CliUsageException("--server: the answer is not an import result");
            }
            else
            {
                await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(pr.GetValue(target.Data), pr.GetValue(target.Postgres)), ct);
                var result = await session.Get<ImportTrainingRecords>().ExecuteAsync(content, Path.GetFileName(path), CliActor.Caller, ct);
                if (!result.IsOk)
                {
                    var first = result.Errors.FirstOrDefault();
                    var more = result.Errors.Count > 1 ? $" (and {result.Errors.Count - 1} more)" : "";
                    throw new CliUsageException(first.Key is null ? $"{path}: {result.Message}" : $"{path}: {Where(first.Key)}: {first.Value[0]}{more}");
                }
                r = result.Value!;
            }
            await console.Out.WriteLineAsync($"imported {r.Rows} training records for {r.People} people: {r.Created} new, {r.Updated} updated, {r.Unchanged} unchanged (SHA-256 {r.Sha256})");
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(import);
        return command;
    }

    /// <summary>"row[3].role" → "row 3, column role"; other keys as they are.</summary>
    private static string Where(string key)
    {
        if (!key.StartsWith("row[", StringComparison.Ordinal) || key.IndexOf("].", StringComparison.Ordinal) is not (> 4 and var close))
            return key;
        return $"row {key[4..close]}, column {key[(close + 2)..]}";
    }
}
