using System.CommandLine;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Documents;
using Spectre.Console;

namespace Attest.Cli.Commands.Evidence;

/// <summary><c>attest import cyclonedx</c>: a vendor's CycloneDX ML-BOM as third-party model versions of a system.</summary>
internal static class CycloneDxCommand
{
    public static Command Create(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var file = new Option<string>("--file") { Description = "The CycloneDX 1.5 or 1.6 JSON BOM.", Required = true, HelpName = "PATH" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var json = CommonOptions.Json();
        var command = new Command("cyclonedx", "Create or update the system's third-party model versions from a vendor's CycloneDX ML-BOM; prints what happened to each machine-learning-model component.")
        {
            system, file, data, postgres, json,
        };
        command.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(file)!;
            byte[] content;
            try { content = await File.ReadAllBytesAsync(path, ct); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new CliUsageException($"{path}: cannot read --file ({e.Message})"); }
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(pr.GetValue(data), pr.GetValue(postgres)), ct);
            var result = await session.Get<ImportCycloneDxBom>().ExecuteAsync(pr.GetValue(system)!, content, CliActor.Caller, ct);
            if (!result.IsOk)
            {
                throw new CliUsageException(result.Kind == ResultKind.Invalid && result.Errors.FirstOrDefault() is { Key: { } field, Value: [var problem, ..] }
                    ? $"{path}: {field}: {problem}"
                    : $"{path}: {result.Message}");
            }
            var r = result.Value!;
            if (pr.GetValue(json))
            {
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(r, AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Component", "Model version", "Action", "Id");
            foreach (var line in r.Components)
                table.AddRow(Markup.Escape(line.BomRef ?? line.Component), Markup.Escape($"{line.Name}@{line.Version}"), SnakeCase.FromEnum(line.Action), line.ModelVersionId);
            console.Ansi.Write(table);
            console.Ansi.WriteLine($"Imported CycloneDX {r.SpecVersion} BOM {r.SerialNumber ?? "(no serial number)"} (sha256 {r.BomSha256}) into {r.SystemSlug}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
