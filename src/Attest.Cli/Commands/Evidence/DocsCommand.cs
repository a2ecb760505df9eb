using System.CommandLine;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Attest.Core.Governance;

namespace Attest.Cli.Commands.Evidence;

/// <summary><c>attest docs model-card|system-card</c>: documents generated from the inventory and stored evidence.</summary>
internal static class DocsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("docs", "Generate a model card or system card from the records and stored evidence (Markdown or HTML).");
        command.Subcommands.Add(Document(console, "model-card", "A model card with Hugging Face front matter; numbers from the latest stored fairness report.", withModel: true,
            (s, system, model, ct) => s.Get<GenerateModelCard>().ExecuteAsync(system, model, ct)));
        command.Subcommands.Add(Document(console, "system-card", "A system card: components, data, deployments, classification, oversight, monitoring, controls and evidence.", withModel: false,
            (s, system, _, ct) => s.Get<GenerateSystemCard>().ExecuteAsync(system, ct)));
        command.Subcommands.Add(Document(console, "annex-iv", "An outline of the EU AI Act Annex IV technical documentation, filled where the records hold the information.", withModel: false,
            (s, system, _, ct) => s.Get<GenerateAnnexIvOutline>().ExecuteAsync(system, ct)));
        command.Subcommands.Add(Document(console, "datasheet", "A datasheet for a dataset (Gebru et al. sections: motivation, composition, collection, preprocessing, uses, distribution, maintenance).", withModel: false,
            (s, dataset, _, ct) => s.Get<GenerateDatasheet>().ExecuteAsync(dataset, ReadScope.Everything, ct), subject: "--dataset"));
        command.Subcommands.Add(NarrativeCommand.Create(console));
        return command;
    }

    private static Command Document(CliConsole console, string name, string description, bool withModel,
        Func<CoreSession, string, string?, CancellationToken, Task<Result<GeneratedDocument>>> generate, string subject = "--system")
    {
        var system = new Option<string>(subject) { Description = subject == "--system" ? "The system (slug or id)." : "The dataset (slug or id).", Required = true, HelpName = "SLUG" };
        var model = new Option<string?>("--model-version") { Description = "Model version (id or name@version); default: the current one.", HelpName = "V" };
        var format = new Option<string>("--format") { Description = "md or html.", DefaultValueFactory = _ => "md" };
        var output = new Option<string?>("--output") { Description = "Write to this file instead of standard output." };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var command = new Command(name, description);
        foreach (var o in withModel ? new Option[] { system, model, format, output, data, postgres } : [system, format, output, data, postgres]) command.Options.Add(o);
        command.SetAction(async (pr, ct) =>
        {
            var f = pr.GetValue(format);
            if (f is not ("md" or "html")) throw new CliUsageException($"--format '{f}' is not one of md, html");
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var result = await generate(session, pr.GetValue(system)!, withModel ? pr.GetValue(model) : null, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message ?? "the document could not be generated");
            var text = f == "html" ? result.Value!.ToHtml() : result.Value!.ToMarkdown();
            if (pr.GetValue(output) is { } path)
            {
                try { await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
                var d = result.Value!;
                await console.Error.WriteLineAsync($"attest: wrote {path}; completeness {d.Completeness:0.##}" + (d.Missing.Count > 0 ? $", missing {string.Join(", ", d.Missing)}" : ""));
            }
            else await console.Out.WriteAsync(text.AsMemory(), ct);
            return ExitCodes.Ok;
        });
        return command;
    }
}
