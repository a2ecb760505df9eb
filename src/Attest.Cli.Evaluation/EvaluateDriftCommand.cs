using System.CommandLine;
using Attest.Evaluation.Input;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Drift;
using Spectre.Console;

namespace Attest.Cli.Commands.Evaluation;

internal static class EvaluateDriftCommand
{
    public static Command Create(CliConsole console, Func<ReportEvidence> newEvidence)
    {
        var reference = new Option<string>("--reference") { Description = "Reference data (CSV).", Required = true };
        var current = new Option<string>("--current") { Description = "Current data (CSV).", Required = true };
        var columns = new Option<string[]>("--columns") { Description = "Columns to compare, comma-separated or repeated (default: all columns in both files).", Arity = ArgumentArity.OneOrMore };
        var delimiter = new Option<string?>("--delimiter") { Description = "',', ';' or 'tab' (default: detected from the header)." };
        var format = new Option<string?>("--format") { Description = "json, md or html (default: summary table, or from the --output extension)." };
        var output = new Option<string?>("--output") { Description = "Write the report to this file." };
        var command = new Command("drift", "Per-column drift between reference and current data with Evidently's default tests, plus PSI and dataset drift.");
        foreach (var o in new Option[] { reference, current, columns, delimiter, format, output }) command.Options.Add(o);
        var evidence = newEvidence();
        evidence.AddTo(command);
        command.SetAction(async (pr, ct) =>
        {
            var referencePath = pr.GetValue(reference)!;
            var currentPath = pr.GetValue(current)!;
            var outputSpec = ReportOutput.From(pr.GetValue(format), pr.GetValue(output));
            evidence.Validate(pr);
            var selected = pr.GetValue(columns) is { Length: > 0 } given
                ? given.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray()
                : null;
            var delimiterByte = ReportOutput.ParseDelimiter(pr.GetValue(delimiter));
            ReportOutput.OpenInput(referencePath, "--reference").Dispose();
            ReportOutput.OpenInput(currentPath, "--current").Dispose();
            var table = ReportOutput.Guard(() => DriftTableReader.Read(
                () => ReportOutput.OpenInput(referencePath, "--reference"), referencePath,
                () => ReportOutput.OpenInput(currentPath, "--current"), currentPath, selected, delimiterByte));
            var report = DriftEvaluator.Evaluate(table.Columns);
            var info = new DriftRunInfo(referencePath, currentPath, table.ReferenceRows, table.CurrentRows, table.SkippedTextColumns);
            if (outputSpec.SummaryOnly) Summary(console.Ansi, report);
            else
            {
                await outputSpec.WriteAsync(console, w => DriftReports.Json(w, report, info), () => DriftReports.Markdown(report, info), () => DriftReports.Html(report, info), ct);
                if (outputSpec.Path is not null) Summary(console.Ansi, report);
            }
            await evidence.StoreAsync(console, pr, "drift_report", "drift-report.json",
                $"Drift of {report.DriftedColumns} of {report.Columns.Count} columns; dataset drift {(report.DatasetDrift ? "detected" : "not detected")}.",
                w => DriftReports.Json(w, report, info), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Summary(IAnsiConsole ansi, DriftReport report)
    {
        var table = new Table().Title($"Drift: {report.DriftedColumns}/{report.Columns.Count} columns drifted; dataset drift {(report.DatasetDrift ? "YES" : "no")}")
            .AddColumn("column").AddColumn("type").AddColumn("test").AddColumn(new TableColumn("score").RightAligned())
            .AddColumn(new TableColumn("threshold").RightAligned()).AddColumn("drifted").AddColumn(new TableColumn("PSI").RightAligned());
        foreach (var c in report.Columns)
            table.AddRow(Markup.Escape(c.Name), DriftReports.TypeName(c.Type), c.Test, FairnessSummary.Format(c.DriftScore),
                FairnessSummary.Format(c.Threshold), c.Drifted ? "yes" : "no", FairnessSummary.Format(c.Psi));
        ansi.Write(table);
    }
}
