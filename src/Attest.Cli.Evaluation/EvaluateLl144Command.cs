using System.CommandLine;
using Attest.Evaluation.Input;
using Attest.Evaluation.Reports;
using Attest.Engine.Evaluation.Ll144;
using Spectre.Console;

namespace Attest.Cli.Commands.Evaluation;

internal static class EvaluateLl144Command
{
    public static Command Create(CliConsole console, Func<ReportEvidence> newEvidence)
    {
        var input = new Option<string>("--input") { Description = "AEDT results (CSV).", Required = true };
        var selected = new Option<string?>("--selected") { Description = "Column saying whether the person was selected (selection-type AEDT)." };
        var score = new Option<string?>("--score") { Description = "Column with the AEDT score (scoring-type AEDT)." };
        var sex = new Option<string>("--sex") { Description = "Sex column.", Required = true };
        var race = new Option<string>("--race") { Description = "Race/ethnicity column.", Required = true };
        var delimiter = new Option<string?>("--delimiter") { Description = "',', ';' or 'tab' (default: detected from the header)." };
        var format = new Option<string?>("--format") { Description = "json, md or html (default: summary table, or from the --output extension)." };
        var output = new Option<string?>("--output") { Description = "Write the report to this file." };
        var command = new Command("ll144", "NYC Local Law 144 bias audit: selection or scoring rates and impact ratios by sex, race/ethnicity and both.");
        foreach (var o in new Option[] { input, selected, score, sex, race, delimiter, format, output }) command.Options.Add(o);
        var evidence = newEvidence();
        evidence.AddTo(command);
        command.SetAction(async (pr, ct) =>
        {
            var path = pr.GetValue(input)!;
            var outputSpec = ReportOutput.From(pr.GetValue(format), pr.GetValue(output));
            evidence.Validate(pr);
            var delimiterByte = ReportOutput.ParseDelimiter(pr.GetValue(delimiter));
            using var stream = ReportOutput.OpenInput(path, "--input");
            var report = ReportOutput.Guard(() => Ll144Reader.Read(stream, path, pr.GetValue(sex)!, pr.GetValue(race)!, pr.GetValue(selected), pr.GetValue(score), delimiterByte));
            if (outputSpec.SummaryOnly) Summary(console.Ansi, report);
            else
            {
                await outputSpec.WriteAsync(console, w => Ll144Reports.Json(w, report, path), () => Ll144Reports.Markdown(report, path), () => Ll144Reports.Html(report, path), ct);
                if (outputSpec.Path is not null) Summary(console.Ansi, report);
            }
            await evidence.StoreAsync(console, pr, "bias_audit", "ll144-bias-audit.json", "NYC Local Law 144 bias audit: impact ratios by sex, race/ethnicity and both.",
                w => Ll144Reports.Json(w, report, path), ct);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Summary(IAnsiConsole ansi, Ll144Report report)
    {
        foreach (var b in report.Breakdowns)
        {
            var table = new Table().Title($"{b.Name} (unknown: {b.UnknownCount})").AddColumn("category").AddColumn(new TableColumn("n").RightAligned())
                .AddColumn(new TableColumn(report.Mode == Ll144Mode.Selection ? "selection rate" : "scoring rate").RightAligned())
                .AddColumn(new TableColumn("impact ratio").RightAligned()).AddColumn("< 2%");
            foreach (var c in b.Categories)
                table.AddRow(Markup.Escape(c.Key), c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), FairnessSummary.Format(c.Rate),
                    FairnessSummary.Format(c.ImpactRatio), c.UnderTwoPercent ? "yes" : "");
            ansi.Write(table);
        }
    }
}
