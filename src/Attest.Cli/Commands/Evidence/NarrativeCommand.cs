using System.CommandLine;
using Attest.Core.Features.Documents;

namespace Attest.Cli.Commands.Evidence;

/// <summary><c>attest docs narrative</c>: save an author's narrative (Markdown) for one section of a generated document.</summary>
internal static class NarrativeCommand
{
    public static Command Create(CliConsole console)
    {
        var system = new Option<string?>("--system") { Description = "The system (slug or id) of a model card, system card or Annex IV outline.", HelpName = "SLUG" };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset (slug or id) of a datasheet.", HelpName = "SLUG" };
        var document = new Option<string>("--document") { Description = "model-card, system-card, annex-iv or datasheet.", Required = true, HelpName = "KIND" };
        var section = new Option<string>("--section") { Description = "The section id, e.g. caveats (GET …/documents/{kind}/sections lists them).", Required = true, HelpName = "ID" };
        var model = new Option<string?>("--model-version") { Description = "Model card only: the model version (id or name@version); default: the current one.", HelpName = "V" };
        var file = new Option<string?>("--file") { Description = "A Markdown file with the text (an empty file removes the narrative).", HelpName = "PATH" };
        var text = new Option<string?>("--text") { Description = "The text itself, instead of --file." };
        var version = new Option<int?>("--version") { Description = "The version you edited (0 before the first save); refused when someone saved since.", HelpName = "N" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command("narrative", "Save an author's narrative for one section of a document; it appears under the generated part as \"Author's notes\". Prints the new version and the text's SHA-256.");
        foreach (var o in new Option[] { system, dataset, document, section, model, file, text, version, data, postgres }) command.Options.Add(o);
        command.SetAction(async (pr, ct) =>
        {
            var (systemRef, datasetRef) = (pr.GetValue(system), pr.GetValue(dataset));
            if ((systemRef is null) == (datasetRef is null)) throw new CliUsageException("give either --system (model-card, system-card, annex-iv) or --dataset (datasheet)");
            if ((pr.GetValue(file) is null) == (pr.GetValue(text) is null)) throw new CliUsageException("give the narrative with either --file or --text");
            var content = pr.GetValue(text);
            if (pr.GetValue(file) is { } path)
            {
                try { content = await File.ReadAllTextAsync(path, ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot read --file ({e.Message})"); }
            }
            var target = new DocumentRef(pr.GetValue(document), systemRef ?? datasetRef!, pr.GetValue(model), OfDataset: datasetRef is not null);
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var result = await session.Get<SaveDocumentNarrative>().ExecuteAsync(target, pr.GetValue(section)!, new NarrativeInput { Text = content }, pr.GetValue(version), CliActor.Caller, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message ?? "the narrative was not saved");
            var n = result.Value!;
            await console.Out.WriteLineAsync($"{n.Version} {n.Sha256}");
            await console.Error.WriteLineAsync($"attest: saved the narrative of section {n.Section} of the {n.Document.Replace('_', '-')} of {n.Subject} as version {n.Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
