using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance.Controls;
using Attest.Core.Features.Compliance.Controls.Oscal;

namespace Attest.Cli.Commands;

/// <summary><c>attest controls import-oscal FILE --output DIR</c>: an OSCAL catalog becomes a framework pack data file.</summary>
internal static partial class ControlsImportOscalCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "An OSCAL catalog in JSON." };
        var output = new Option<string>("--output") { Description = "Directory to write the framework pack to (e.g. <data-dir>/frameworks).", Required = true };
        var id = new Option<string?>("--id") { Description = "Framework id for mappings (default: from the catalog title)." };
        var licence = new Option<string?>("--licence") { Description = "Licence of the catalog's content, recorded in the pack." };
        var command = new Command("import-oscal", "Import an OSCAL catalog as a new framework pack that controls can map to.") { file, output, id, licence };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var path = pr.GetValue(file)!;
            var text = CliData.ReadFile(path);
            JsonNode? document;
            try
            {
                document = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                throw new CliUsageException($"{path}:{(e.LineNumber ?? 0) + 1}: invalid JSON: {e.Message.Split(" LineNumber:")[0]}");
            }
            var title = (document?["catalog"]?["metadata"]?["title"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : "oscal-catalog";
            var frameworkId = pr.GetValue(id) ?? Slug(title);
            var (pack, problems) = OscalCatalogImporter.Import(document, frameworkId, Path.GetFileName(path),
                pr.GetValue(licence) ?? "not stated; check the catalog's source");
            if (pack is null)
            {
                var more = problems.Count > 1 ? $" (and {problems.Count - 1} more)" : "";
                throw new CliUsageException($"{path}: not an OSCAL catalog Attest can import: {problems[0]}{more}");
            }

            var directory = pr.GetValue(output)!;
            var target = Path.Combine(directory, pack.Id + ".yaml");
            var yaml = FrameworkPackWriter.ToYaml(pack, $"Imported from the OSCAL catalog {Path.GetFileName(path)} by attest controls import-oscal.");
            // Read the file back before writing it, so a pack that would not load is never written.
            var errors = new List<DataError>();
            if (FrameworkPackReader.Read(yaml, target, errors) is null)
                throw new CliUsageException(DataError.Summarise(errors));
            try
            {
                Directory.CreateDirectory(directory);
                await File.WriteAllTextAsync(target, yaml, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--output: {directory}: {e.Message}");
            }
            await console.Out.WriteLineAsync($"Wrote {target}: framework {pack.Id} with {pack.Requirements.Count} requirements.".AsMemory(), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>"Sample Security Catalog *for Demonstration*" → "sample-security-catalog-for-demonstration".</summary>
    internal static string Slug(string title)
    {
        var slug = NonAlphanumeric().Replace(title.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 || !char.IsLetter(slug[0]) ? "oscal-" + slug.TrimStart('-') : slug;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
