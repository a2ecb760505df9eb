using System.CommandLine;
using System.Text;
using System.Text.Json;
using Attest.Core.Features.Documents;

namespace Attest.Cli.Commands.Evidence;

/// <summary><c>attest export cyclonedx</c>: a system's AI bill of materials; <c>attest export NAME</c>: a register (<see cref="Exports.RegisterExportCommands"/>).</summary>
internal static class ExportCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("export", "Export a system in an exchange format, or a register (compliance matrix, risks, waivers, KPIs) as CSV or XLSX.");
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var output = new Option<string?>("--output") { Description = "Write to this file instead of standard output." };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var cyclonedx = new Command("cyclonedx", "The system's AI-BOM as CycloneDX 1.6 JSON: model versions (with model cards) and datasets.");
        foreach (var o in new Option[] { system, output, data, postgres }) cyclonedx.Options.Add(o);
        cyclonedx.SetAction(async (pr, ct) =>
        {
            await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var result = await session.Get<ExportCycloneDx>().ExecuteAsync(pr.GetValue(system)!, ct);
            if (!result.IsOk) throw new CliUsageException(result.Message ?? "the export failed");
            var text = result.Value!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            if (pr.GetValue(output) is { } path)
            {
                try { await File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot write ({e.Message})"); }
            }
            else await console.Out.WriteAsync(text.AsMemory(), ct);
            return ExitCodes.Ok;
        });
        command.Subcommands.Add(cyclonedx);
        foreach (var register in Exports.RegisterExportCommands.Create(console))
            command.Subcommands.Add(register);
        return command;
    }
}
