using System.CommandLine;
using System.Text.Json.Nodes;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls.Oscal;
using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;

namespace Attest.Cli.Commands;

/// <summary>
/// <c>attest controls export --format oscal [--output FILE]</c>: the library as an OSCAL catalog;
/// <c>--format oscal-profile --intake FILE</c>: a system's required controls as an OSCAL profile of that catalog.
/// </summary>
internal static class ControlsExportCommand
{
    public static Command Create(CliConsole console)
    {
        var format = new Option<string>("--format")
        {
            Description = "oscal: the library as an OSCAL 1.1.2 catalog (JSON); oscal-profile: a system's required controls as an OSCAL profile.",
            Required = true,
        };
        format.AcceptOnlyFromAmong("oscal", "oscal-profile");
        var output = new Option<string?>("--output") { Description = "Write to this file instead of standard output." };
        var intake = new Option<string?>("--intake") { Description = "With --format oscal-profile: the system's intake answers (YAML or JSON)." };
        var catalogHref = new Option<string>("--catalog-href")
        {
            Description = "With --format oscal-profile: where the profile finds the exported catalog.",
            DefaultValueFactory = _ => "attest-control-catalog.json",
        };
        var dataDir = ControlsCommand.DataDirOption();
        var command = new Command("export", "Export the control library as an OSCAL catalog, or a system's required controls as an OSCAL profile.")
        {
            format, output, intake, catalogHref, dataDir,
        };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var library = CliData.Library(pr.GetValue(dataDir));
            JsonObject document;
            string written;
            if (pr.GetValue(format) == "oscal-profile")
            {
                var intakePath = pr.GetValue(intake) ?? throw new CliUsageException("--intake: required with --format oscal-profile");
                var annexIii = CliData.Load(AnnexIiiCatalog.LoadDefault);
                var parsed = IntakeParser.Parse(CliData.ReadFile(intakePath, CliData.MaxIntakeFileBytes), intakePath, annexIii);
                if (!parsed.Succeeded)
                    throw new CliUsageException(DataError.Summarise(parsed.Errors));
                var assessment = IntakeAssessment.Assess(parsed.Answers!, CliData.Tables(annexIii), CliData.Calendar(null), library, CliData.Load(ReviewRoutingRules.LoadDefault));
                if (!assessment.Classification.IsComplete)
                    throw new CliUsageException(CliData.Incomplete(intakePath, assessment.Classification));
                document = OscalProfileExporter.Export(assessment, library.Version, pr.GetValue(catalogHref)!, TimeProvider.System.GetUtcNow());
                written = $"OSCAL profile of {assessment.RequiredControls.Count} required controls";
            }
            else
            {
                if (pr.GetValue(intake) is not null)
                    throw new CliUsageException("--intake: only used with --format oscal-profile");
                document = OscalCatalogExporter.Export(library, TimeProvider.System.GetUtcNow());
                written = $"OSCAL catalog of {library.Controls.Count} controls";
            }
            var text = document.ToJsonString(ClassificationDocument.WriteOptions);
            if (pr.GetValue(output) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, text + "\n", ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"--output: {path}: {e.Message}");
                }
                await console.Error.WriteLineAsync($"Wrote {path}: {written}.".AsMemory(), ct);
            }
            else
            {
                await console.Out.WriteLineAsync(text.AsMemory(), ct);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
