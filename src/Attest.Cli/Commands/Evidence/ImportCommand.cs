using System.CommandLine;
using Attest.Core.Features.Documents;

namespace Attest.Cli.Commands.Evidence;

/// <summary>
/// <c>attest import hf-model-card</c>: a Hugging Face model card as model_card evidence, metadata and narrative of a model version;
/// <c>attest import cyclonedx</c>: a vendor's ML-BOM as third-party model versions (<see cref="CycloneDxCommand"/>).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("import", "Import documents from other tools.");
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var model = new Option<string>("--model-version") { Description = "The model version it describes (id or name@version).", Required = true, HelpName = "V" };
        var file = new Option<string>("--file") { Description = "The model card (README.md with YAML front matter).", Required = true, HelpName = "PATH" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var hf = new Command("hf-model-card", "Import a Hugging Face model card: stored as model_card evidence, its licence and metadata written to the model version, its sections to the model card's narrative; prints the evidence id and SHA-256.");
        foreach (var o in new Option[] { system, model, file, data, postgres }) hf.Options.Add(o);
        hf.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            byte[] content;
            try { content = await File.ReadAllBytesAsync(path, ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot read --file ({e.Message})"); }
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var result = await session.Get<ImportHuggingFaceModelCard>().ExecuteAsync(pr.GetValue(system)!, pr.GetValue(model)!, content, Path.GetFileName(path), CliActor.Caller, ct);
            if (!result.IsOk)
                throw new CliUsageException(result.Errors.TryGetValue("file", out var problems) ? $"{path}: {problems[0]}" : result.Message ?? "the import failed");
            var imported = result.Value!;
            await console.Out.WriteLineAsync($"{imported.Evidence.Id} {imported.Evidence.Sha256}");
            await console.Error.WriteLineAsync($"attest: updated {imported.ModelVersion.Name}@{imported.ModelVersion.Version} (license {imported.ModelVersion.License ?? "not recorded"}, imported metadata); " +
                (imported.NarrativeSections.Count == 0 ? "no model-card sections imported" : "model-card narrative for " + string.Join(", ", imported.NarrativeSections)));
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(hf);
        command.Subcommands.Add(CycloneDxCommand.Create(console));
        return command;
    }
}
