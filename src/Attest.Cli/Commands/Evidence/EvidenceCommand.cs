using System.CommandLine;
using System.Globalization;
using Attest.Core.Features.Evidence;

namespace Attest.Cli.Commands.Evidence;

/// <summary><c>attest evidence add</c>: store a file as evidence of a system, locally or on a server.</summary>
internal static class EvidenceCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("evidence", "Evidence of AI systems: files that show controls are met, with what they prove and until when.");
        command.Subcommands.Add(Add(console));
        return command;
    }

    private static Command Add(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var type = new Option<string>("--type") { Description = "Evidence type a control accepts, e.g. fairness_report, model_card.", Required = true };
        var file = new Option<string>("--file") { Description = "The file to store.", Required = true, HelpName = "PATH" };
        var controls = new Option<string[]>("--control") { Description = "A control it satisfies (repeat); default: every required control that accepts the type.", HelpName = "ID", Arity = ArgumentArity.OneOrMore };
        var models = new Option<string[]>("--model-version") { Description = "A model version it concerns, id or name@version (repeat).", HelpName = "V", Arity = ArgumentArity.OneOrMore };
        var datasets = new Option<string[]>("--dataset") { Description = "A dataset it concerns, id or slug (repeat).", Arity = ArgumentArity.OneOrMore };
        var validUntil = new Option<string?>("--valid-until") { Description = "Last valid day (yyyy-MM-dd); default: the controls' renewal period.", HelpName = "DATE" };
        var summary = new Option<string?>("--summary") { Description = "One or two sentences on what it shows." };
        var method = new Option<string?>("--method") { Description = "How it was produced: cli (default), ci, upload or evaluation." };
        var supersedes = new Option<string?>("--supersedes") { Description = "The evidence id this replaces (it is retired).", HelpName = "ID" };
        var mediaType = new Option<string?>("--media-type") { Description = "Content type (default: from the file extension)." };
        var json = CommonOptions.Json();
        var target = EvidenceTarget.Create();
        var command = new Command("add", "Store a file as evidence; prints the evidence id and its SHA-256.");
        foreach (var o in new Option[] { system, type, file, controls, models, datasets, validUntil, summary, method, supersedes, mediaType, json }) command.Options.Add(o);
        target.AddTo(command);
        command.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            if (!File.Exists(path)) throw new CliUsageException($"{path}: no such file (--file)");
            var input = new EvidenceInput
            {
                Type = pr.GetValue(type),
                Controls = pr.GetValue(controls) ?? [],
                ModelVersions = pr.GetValue(models) ?? [],
                Datasets = pr.GetValue(datasets) ?? [],
                ValidUntil = ParseDate(pr.GetValue(validUntil)),
                Summary = pr.GetValue(summary),
                Method = pr.GetValue(method) ?? "cli",
                Supersedes = pr.GetValue(supersedes),
                FileName = Path.GetFileName(path),
                MediaType = pr.GetValue(mediaType) ?? MediaTypes.FromExtension(path),
            };
            var stored = await target.AddAsync(pr, pr.GetValue(system)!, input, () => OpenFile(path), ct);
            await console.Out.WriteLineAsync(pr.GetValue(json)
                ? $$"""{"id":"{{stored.Id}}","sha256":"{{stored.Sha256}}"}"""
                : $"{stored.Id} {stored.Sha256}");
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static DateOnly? ParseDate(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new CliUsageException($"--valid-until '{text}' is not a date as yyyy-MM-dd");

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{path}: cannot read --file ({e.Message})");
        }
    }
}

/// <summary>Content types of the files evidence usually is.</summary>
internal static class MediaTypes
{
    public static string FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".md" => "text/markdown",
        ".html" or ".htm" => "text/html",
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".txt" => "text/plain",
        ".yaml" or ".yml" => "application/yaml",
        ".xml" => "application/xml",
        ".zip" => "application/zip",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };
}
